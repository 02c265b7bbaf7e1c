/**
 * What the simulated EC2 knows about instance types: which are supported mirror sources (AWS user guide,
 * "Supported instance types", Aug 2025), which allow 100 sources per interface target, and the
 * DescribeInstanceTypes facts (bare metal, hypervisor). The simulator's copy is deliberately independent
 * of mirrorctl's own support table: it plays AWS, the final authority.
 */
const SUPPORTED_VIRTUALIZED = new Set(
  (
    'a1 m4 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex ' +
    'mac1 mac2 mac2-m1ultra mac2-m2 mac2-m2pro t3 t3a t4g ' +
    'c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7i c7i-flex ' +
    'r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7a r7g r7gd r7i r7iz ' +
    'u-3tb1 u-6tb1 u-9tb1 u-12tb1 u-18tb1 u-24tb1 u7i-6tb u7i-8tb u7i-12tb u7in-16tb u7in-24tb u7in-32tb ' +
    'u7inh-32tb x1 x1e x2gd x2idn x2iedn x2iezn z1d ' +
    'd2 d3 d3en h1 i3 i3en i4g i4i i7i im4gn is4gen ' +
    'dl1 dl2q f1 f2 g3 g4ad g4dn g5 g5g g6 g6e g6f gr6 gr6f inf1 inf2 p3 p3dn p4d p4de p5 p5e trn1 trn1n vt1 ' +
    'hpc6a hpc6id hpc7a'
  ).split(' '),
);

const SUPPORTED_BARE_METAL = new Set(
  'm5 m5d m6g m6gd mac1 mac2 mac2-m1ultra mac2-m2 mac2-m2pro a1 c5 c5d c6g c6gd r5 r5b r5d r6g r6gd x2gd z1d i3 g5g'.split(
    ' ',
  ),
);

/** Interface targets on these types accept 100 sources; all others 10 (Traffic Mirroring quotas). */
const HUNDRED_SOURCE_TARGET_TYPES = new Set(
  (
    'm5.24xlarge m5d.24xlarge m5dn.24xlarge m5n.24xlarge m5zn.12xlarge m6a.48xlarge m6g.16xlarge m6gd.16xlarge ' +
    'm6i.32xlarge m6id.32xlarge m6idn.32xlarge m6in.32xlarge m7a.48xlarge m7i.48xlarge m8a.48xlarge m8azn.24xlarge ' +
    'm8g.48xlarge m8gb.24xlarge m8gb.48xlarge m8gd.48xlarge m8gn.24xlarge m8gn.48xlarge m8i.96xlarge m8id.96xlarge ' +
    'c5.18xlarge c5.24xlarge c5d.18xlarge c5d.24xlarge c5n.18xlarge c6a.48xlarge c6g.16xlarge c6gd.16xlarge ' +
    'c6gn.16xlarge c6i.32xlarge c6id.32xlarge c6in.32xlarge c7a.48xlarge c7gn.16xlarge c7i.48xlarge c8a.48xlarge ' +
    'c8g.48xlarge c8gb.24xlarge c8gb.48xlarge c8gd.48xlarge c8gn.24xlarge c8gn.48xlarge c8i.96xlarge c8id.96xlarge ' +
    'r5.24xlarge r5b.24xlarge r5d.24xlarge r5dn.24xlarge r5n.24xlarge r6a.48xlarge r6g.16xlarge r6gd.16xlarge ' +
    'r6i.32xlarge r6id.32xlarge r6idn.32xlarge r6in.32xlarge r7a.48xlarge r7i.48xlarge r7iz.32xlarge r8a.48xlarge ' +
    'r8g.48xlarge r8gb.24xlarge r8gb.48xlarge r8gd.48xlarge r8gn.24xlarge r8gn.48xlarge r8i.96xlarge r8id.96xlarge ' +
    'u-6tb1.56xlarge u-6tb1.112xlarge u-9tb1.112xlarge u-12tb1.112xlarge u-18tb1.112xlarge u-24tb1.112xlarge ' +
    'u7i-6tb.112xlarge u7i-8tb.112xlarge u7i-12tb.224xlarge u7in-16tb.224xlarge u7in-24tb.224xlarge ' +
    'u7in-32tb.224xlarge u7inh-32tb.480xlarge x2gd.16xlarge x2idn.32xlarge x2iedn.32xlarge x2iezn.12xlarge ' +
    'x8g.48xlarge x8aedz.24xlarge x8i.96xlarge z1d.12xlarge ' +
    'i3en.24xlarge i4g.16xlarge i4i.32xlarge i7i.48xlarge i7ie.48xlarge i8g.48xlarge i8ge.48xlarge im4gn.16xlarge ' +
    'dl1.24xlarge dl2q.24xlarge f2.48xlarge g5.48xlarge g5g.16xlarge g6.48xlarge g6e.12xlarge g6e.24xlarge ' +
    'g6e.48xlarge g7e.12xlarge g7e.24xlarge g7e.48xlarge inf1.24xlarge inf2.48xlarge p3dn.24xlarge p4d.24xlarge ' +
    'p4de.24xlarge p5.4xlarge p5.48xlarge p5e.48xlarge p5en.48xlarge p6-b200.48xlarge p6-b300.48xlarge ' +
    'p6e-gb200.36xlarge trn1.32xlarge trn1n.32xlarge trn2.3xlarge trn2.48xlarge trn2u.48xlarge vt1.24xlarge ' +
    'hpc6a.48xlarge hpc6id.32xlarge hpc7a.12xlarge hpc7a.24xlarge hpc7a.48xlarge hpc7a.96xlarge hpc7g.4xlarge ' +
    'hpc7g.8xlarge hpc7g.16xlarge hpc8a.96xlarge'
  ).split(' '),
);

/** Families that run on Xen; everything else of the usual shape is treated as Nitro. */
const XEN_FAMILIES = new Set('t1 t2 m1 m2 m3 m4 c1 c3 c4 cc2 cr1 r3 r4 x1 x1e d2 g2 g3 g3s h1 hs1 i2 i3 p2 p3 f1'.split(' '));

/** family.size, e.g. m5.large, u-6tb1.112xlarge, m7i-flex.large, c7i.metal-24xl. */
const TYPE_SHAPE = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export interface InstanceTypeFacts {
  readonly type: string;
  readonly family: string;
  readonly bareMetal: boolean;
  /** Undefined for bare metal, as DescribeInstanceTypes reports it. */
  readonly hypervisor: 'nitro' | 'xen' | undefined;
}

export function instanceTypeFacts(type: string): InstanceTypeFacts | undefined {
  const match = TYPE_SHAPE.exec(type);
  if (!match) return undefined;
  const family = match[1] ?? '';
  const size = match[2] ?? '';
  const bareMetal = size === 'metal' || size.startsWith('metal-');
  const hypervisor = bareMetal ? undefined : XEN_FAMILIES.has(family) ? 'xen' : 'nitro';
  return { type, family, bareMetal, hypervisor };
}

export function isSupportedMirrorSource(type: string): boolean {
  const facts = instanceTypeFacts(type.toLowerCase());
  if (!facts) return false;
  return facts.bareMetal ? SUPPORTED_BARE_METAL.has(facts.family) : SUPPORTED_VIRTUALIZED.has(facts.family);
}

export function sourcesPerInterfaceTarget(targetInstanceType: string | undefined): number {
  return targetInstanceType !== undefined && HUNDRED_SOURCE_TARGET_TYPES.has(targetInstanceType.toLowerCase())
    ? 100
    : 10;
}
