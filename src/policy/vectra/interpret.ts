/**
 * What the tags of Vectra's session mirroring tool mean, as mirrorctl policy: one entry per enrolled VPC with
 * the target its tag names (by id: never mirrorctl's to change) and its enrollment mode, the blacklist as an
 * exclusion, the tool's filter as a filter. Pure: the reads are src/aws/vectra/read.ts's, the YAML write.ts's.
 */
import { VECTRA_FILTER_DESCRIPTION } from '../../core/scope/index.js';
import { isSupportedSource } from '../../core/support/index.js';
import type { ObservedFilter, ObservedLoadBalancer, ObservedRule, ObservedSession, ObservedTarget } from '../../core/types/observed.js';
import type { PolicyRule } from '../../core/types/policy.js';
import { checkId, NAME_PATTERN } from '../ids.js';
import { vectraKnewType } from './instance-types.js';
import { VECTRA_LISTED, VECTRA_TAGS, type VectraAccount, type VectraInstance, type VectraRegion } from '../../core/types/vectra.js';

export interface InstanceNote {
  readonly id: string;
  readonly name?: string;
  readonly type: string;
  readonly interfaces: number;
}

export interface ImportedTarget {
  readonly name: string;
  readonly id: string;
  readonly region: string;
  readonly description?: string;
  /** "NLB net/VectraTap…/…", "interface eni-…". */
  readonly resource: string;
  readonly loadBalancerArn?: string;
  /** Why nothing mirrored to this NLB target reaches a sensor, when that is so. */
  readonly loadBalancerProblem?: string;
}

export interface ImportedFilter {
  readonly name: string;
  readonly description: string;
  readonly networkServices: readonly 'amazon-dns'[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  /** Per region it serves: the tool's filter it was read from (none: the tool's defaults), and any copies. */
  readonly sources: readonly { readonly region: string; readonly filterId?: string; readonly copies: readonly string[] }[];
}

export interface ImportedEntry {
  readonly region: string;
  readonly vpcId: string;
  readonly vpcName?: string;
  /** The value of the VPC's target tag, as written. */
  readonly targetTag: string;
  /** The policy target's name; absent when the tag names no target that exists (the entry is left out). */
  readonly target?: string;
  readonly problem?: string;
  readonly filter: string;
  readonly enrollment: 'auto' | 'whitelist';
  /** The enrollment tag's value, when there is one. */
  readonly enrollmentTag?: string;
  /** The tool's sessions on the instances of this VPC (adopted by the policy), and how many go elsewhere. */
  readonly sessions: number;
  readonly sessionsToOtherTargets: number;
  readonly blacklisted: number;
  /** Selected, running, of a type the tool never knew and AWS mirrors: mirrorctl taps them. */
  readonly missed: readonly InstanceNote[];
  /** Selected, of a type AWS cannot mirror: neither tool taps them. */
  readonly unsupported: readonly InstanceNote[];
  /** Selected, of a type the tool knew but AWS does not mirror (bare metal): mirrorctl leaves them. */
  readonly vectraOnly: readonly InstanceNote[];
  /** Whitelist mode: whitelisted and blacklisted, which the tool taps and the policy's exclusion does not. */
  readonly whitelistedAndBlacklisted: readonly InstanceNote[];
}

export interface VectraImport {
  readonly policyName: string;
  readonly accountId?: string;
  readonly regions: readonly string[];
  readonly targets: readonly ImportedTarget[];
  readonly filters: readonly ImportedFilter[];
  readonly entries: readonly ImportedEntry[];
  /** The tool's sessions on interfaces of no enrolled VPC (left when a VPC was disabled): never adopted. */
  readonly straySessions: readonly { readonly region: string; readonly ids: readonly string[] }[];
}

/** The rules the tool gives the filter it creates, for a region where it never made one. */
const DEFAULT_RULES = (direction: 'ingress' | 'egress'): PolicyRule[] => [
  { number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0', description: `Vectra ${direction} rule` },
  { number: 200, action: 'accept', source: '::/0', destination: '::/0', description: `Vectra ${direction} rule` },
];

const VXLAN_PORT = 4789;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toPolicyRule(rule: ObservedRule): PolicyRule {
  return {
    number: rule.number,
    action: rule.action,
    ...(rule.protocol === undefined ? {} : { protocol: rule.protocol }),
    source: rule.source,
    destination: rule.destination,
    ...(rule.sourcePorts === undefined ? {} : { sourcePorts: rule.sourcePorts }),
    ...(rule.destinationPorts === undefined ? {} : { destinationPorts: rule.destinationPorts }),
    ...(rule.description === undefined || rule.description === '' ? {} : { description: rule.description }),
  };
}

type FilterContent = Omit<ImportedFilter, 'name' | 'sources'>;

function contentOf(filter: ObservedFilter | undefined): FilterContent {
  if (filter === undefined) {
    return { description: VECTRA_FILTER_DESCRIPTION, networkServices: ['amazon-dns'], ingress: DEFAULT_RULES('ingress'), egress: DEFAULT_RULES('egress') };
  }
  const rules = (direction: 'ingress' | 'egress') =>
    filter.rules.filter((rule) => rule.direction === direction).sort((a, b) => a.number - b.number).map(toPolicyRule);
  return {
    description: filter.description ?? VECTRA_FILTER_DESCRIPTION,
    networkServices: filter.networkServices.includes('amazon-dns') ? ['amazon-dns'] : [],
    ingress: rules('ingress'),
    egress: rules('egress'),
  };
}

/** The tool's filter of a region: the one most of its sessions use (concurrent runs can leave copies). */
function regionFilter(region: VectraRegion): { filter?: ObservedFilter; copies: string[] } {
  const uses = (filter: ObservedFilter): number => region.sessions.filter((session) => session.filterId === filter.id).length;
  const [filter, ...copies] = [...region.filters].sort((a, b) => uses(b) - uses(a) || compare(a.id, b.id));
  return { ...(filter === undefined ? {} : { filter }), copies: copies.map((copy) => copy.id) };
}

/** One filter when every region's is the same (as the tool makes them), else one per region. */
function importFilters(regions: readonly VectraRegion[]): { filters: ImportedFilter[]; byRegion: Map<string, string> } {
  const groups = new Map<string, { content: FilterContent; sources: ImportedFilter['sources'][number][] }>();
  for (const region of regions) {
    const { filter, copies } = regionFilter(region);
    const content = contentOf(filter);
    const key = JSON.stringify(content);
    const group = groups.get(key) ?? { content, sources: [] };
    group.sources.push({ region: region.region, ...(filter === undefined ? {} : { filterId: filter.id }), copies });
    groups.set(key, group);
  }
  const byRegion = new Map<string, string>();
  const filters = [...groups.values()].map(({ content, sources }) => {
    const name = groups.size === 1 ? 'vectra' : `vectra-${sources[0]?.region ?? ''}`;
    for (const source of sources) byRegion.set(source.region, name);
    return { name, ...content, sources };
  });
  return { filters, byRegion };
}

function describeResource(target: ObservedTarget): string {
  if (target.networkLoadBalancerArn !== undefined) {
    const arn = target.networkLoadBalancerArn;
    const marker = arn.indexOf(':loadbalancer/');
    return `NLB ${marker < 0 ? arn : arn.slice(marker + ':loadbalancer/'.length)}`;
  }
  if (target.networkInterfaceId !== undefined) return `interface ${target.networkInterfaceId}`;
  return `Gateway Load Balancer endpoint ${target.gatewayLoadBalancerEndpointId ?? ''}`;
}

function loadBalancerProblem(balancer: ObservedLoadBalancer | undefined): string | undefined {
  if (balancer === undefined) return undefined;
  if (balancer.notFound === true) return 'its load balancer no longer exists, so nothing mirrored to it reaches a sensor';
  if (balancer.listeners.some((listener) => listener.port === VXLAN_PORT && (listener.protocol === 'UDP' || listener.protocol === 'TCP_UDP'))) {
    return undefined;
  }
  const present =
    balancer.listeners.length === 0
      ? 'no listener at all: the tool never creates one'
      : `its listeners: ${balancer.listeners.map((listener) => `${listener.protocol} ${listener.port}`).join(', ')}`;
  return `its load balancer has no UDP listener on port ${VXLAN_PORT} (${present}), so AWS drops everything mirrored to it, without an error`;
}

/** A policy target name from the target's Name tag (unique among the import), else from its id. */
function targetNames(targets: readonly ObservedTarget[]): Map<string, string> {
  const wanted = targets.map((target) => {
    const cleaned = (target.tags['Name'] ?? '').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 55);
    return { target, name: new RegExp(NAME_PATTERN).test(cleaned) ? cleaned : target.id };
  });
  const counts = new Map<string, number>();
  for (const { name } of wanted) counts.set(name, (counts.get(name) ?? 0) + 1);
  return new Map(
    wanted.map(({ target, name }) => [target.id, (counts.get(name) ?? 0) > 1 && name !== target.id ? `${name}-${target.id.slice(-8)}` : name]),
  );
}

const note = (instance: VectraInstance): InstanceNote => ({
  id: instance.id,
  ...(instance.tags['Name'] === undefined ? {} : { name: instance.tags['Name'] }),
  type: instance.type,
  interfaces: instance.interfaceIds.length,
});

const NO_OVERRIDES = { allow: [], deny: [] } as const;

function importEntry(
  region: VectraRegion,
  vpc: VectraRegion['vpcs'][number],
  filter: string,
  targets: ReadonlyMap<string, ObservedTarget>,
  names: ReadonlyMap<string, string>,
  sessionsByInterface: ReadonlyMap<string, ObservedSession>,
): ImportedEntry {
  const targetTag = vpc.tags[VECTRA_TAGS.target] ?? '';
  const enrollmentTag = vpc.tags[VECTRA_TAGS.enrollment];
  // The tool reads any value but "auto" (or none) as whitelist mode.
  const enrollment = enrollmentTag === undefined || enrollmentTag === 'auto' ? 'auto' : 'whitelist';
  const listed = (instance: VectraInstance, key: string): boolean => instance.tags[key] === VECTRA_LISTED;
  const instances = region.instances.filter((instance) => instance.vpcId === vpc.id);
  const blacklisted = instances.filter((instance) => listed(instance, VECTRA_TAGS.blacklist));
  const selected = instances.filter((instance) =>
    enrollment === 'auto' ? !listed(instance, VECTRA_TAGS.blacklist) : listed(instance, VECTRA_TAGS.whitelist),
  );
  const supported = (instance: VectraInstance): boolean => isSupportedSource(instance.type, NO_OVERRIDES);
  const running = (instance: VectraInstance): boolean => instance.state === 'running' || instance.state === 'pending';
  const sessions = instances.flatMap((instance) =>
    instance.interfaceIds.flatMap((eni) => {
      const session = sessionsByInterface.get(eni);
      return session === undefined ? [] : [session];
    }),
  );
  const target = targets.get(targetTag);
  const problem =
    checkId('tmt', targetTag) !== undefined
      ? `its target tag "${targetTag}" is not a traffic mirror target id, so the tool fails on this VPC`
      : target === undefined
        ? `its target tag names ${targetTag}, which does not exist in ${region.region}, so the tool fails on this VPC`
        : undefined;
  const name = target === undefined ? undefined : names.get(target.id);
  return {
    region: region.region,
    vpcId: vpc.id,
    ...(vpc.tags['Name'] === undefined ? {} : { vpcName: vpc.tags['Name'] }),
    targetTag,
    ...(name === undefined ? {} : { target: name }),
    ...(problem === undefined ? {} : { problem }),
    filter,
    enrollment,
    ...(enrollmentTag === undefined ? {} : { enrollmentTag }),
    sessions: sessions.length,
    sessionsToOtherTargets: sessions.filter((session) => session.targetId !== targetTag).length,
    blacklisted: blacklisted.length,
    missed: selected.filter((item) => running(item) && !vectraKnewType(item.type) && supported(item) && !listed(item, VECTRA_TAGS.blacklist)).map(note),
    unsupported: selected.filter((item) => !vectraKnewType(item.type) && !supported(item)).map(note),
    vectraOnly: selected.filter((item) => vectraKnewType(item.type) && !supported(item)).map(note),
    whitelistedAndBlacklisted:
      enrollment === 'whitelist' ? selected.filter((item) => listed(item, VECTRA_TAGS.blacklist)).map(note) : [],
  };
}

export function interpretVectra(account: VectraAccount, options: { readonly policyName: string }): VectraImport {
  const regions = [...account.regions].filter((region) => region.vpcs.length > 0).sort((a, b) => compare(a.region, b.region));
  const { filters, byRegion } = importFilters(regions);
  const allTargets = regions.flatMap((region) => region.targets.map((target) => ({ region: region.region, target })));
  const names = targetNames(allTargets.map((item) => item.target).sort((a, b) => compare(a.id, b.id)));
  const entries: ImportedEntry[] = [];
  const straySessions: { region: string; ids: string[] }[] = [];
  const used = new Set<string>();
  for (const region of regions) {
    const targets = new Map(region.targets.map((target) => [target.id, target]));
    const sessionsByInterface = new Map(region.sessions.map((session) => [session.networkInterfaceId, session]));
    for (const vpc of [...region.vpcs].sort((a, b) => compare(a.id, b.id))) {
      const entry = importEntry(region, vpc, byRegion.get(region.region) ?? 'vectra', targets, names, sessionsByInterface);
      if (entry.target !== undefined) used.add(entry.targetTag);
      entries.push(entry);
    }
    const enrolled = new Set(region.instances.flatMap((instance) => instance.interfaceIds));
    const stray = region.sessions.filter((session) => !enrolled.has(session.networkInterfaceId)).map((session) => session.id);
    if (stray.length > 0) straySessions.push({ region: region.region, ids: stray.sort(compare) });
  }
  const balancers = new Map(regions.flatMap((region) => region.loadBalancers.map((balancer) => [balancer.arn, balancer] as const)));
  const targets = allTargets
    .filter(({ target }) => used.has(target.id))
    .sort((a, b) => compare(names.get(a.target.id) ?? '', names.get(b.target.id) ?? ''))
    .map(({ region, target }): ImportedTarget => {
      const arn = target.networkLoadBalancerArn;
      const problem = arn === undefined ? undefined : loadBalancerProblem(balancers.get(arn));
      return {
        name: names.get(target.id) ?? target.id,
        id: target.id,
        region,
        ...(target.description === undefined ? {} : { description: target.description }),
        resource: describeResource(target),
        ...(arn === undefined ? {} : { loadBalancerArn: arn }),
        ...(problem === undefined ? {} : { loadBalancerProblem: problem }),
      };
    });
  const withEntries = new Set(entries.filter((entry) => entry.target !== undefined).map((entry) => entry.filter));
  return {
    policyName: options.policyName,
    ...(account.accountId === undefined ? {} : { accountId: account.accountId }),
    regions: regions.map((region) => region.region),
    targets,
    filters: filters.filter((filter) => withEntries.has(filter.name)),
    entries,
    straySessions,
  };
}
