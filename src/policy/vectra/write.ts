/**
 * The imported policy as a commented YAML file: every entry says which tags it comes from, what of the tool's
 * it adopts, and which instances the tool never tapped. Pure: text in, text out.
 */
import { ruleSettings } from '../../core/planner/rule-settings.js';
import { Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { PolicyRule } from '../../core/types/policy.js';
import type { ImportedEntry, ImportedFilter, ImportedTarget, InstanceNote, VectraImport } from './interpret.js';
import { VECTRA_LISTED, VECTRA_TAGS } from '../../core/types/vectra.js';

/** Comment lines of one node, as the yaml library wants them (it writes each line after a "#"). */
const lines = (...text: readonly (string | undefined)[]): string =>
  text
    .filter((line): line is string => line !== undefined)
    .map((line) => ` ${line}`)
    .join('\n');

/** Long notes wrapped at about 110 columns, continuation lines indented under the first. */
function wrap(text: string, indent = ''): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.trim() !== '' && line.length + word.length + 1 > 110) {
      out.push(line);
      line = `${indent}  ${word}`;
    } else line = line.trim() === '' ? `${indent}${word}` : `${line} ${word}`;
  }
  if (line.trim() !== '') out.push(line);
  return out;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

const describeInstance = (instance: InstanceNote): string =>
  `${instance.name === undefined ? '' : `${instance.name} `}${instance.id} (${instance.type}` +
  `${instance.interfaces === 1 ? '' : `, ${instance.interfaces} interfaces`})`;

const listInstances = (instances: readonly InstanceNote[]): string => instances.map(describeInstance).join(', ');

/** A rule's settings as the policy file spells them: the same keys, unset ones left out, as plans carry them. */
const ruleDocument = (rule: PolicyRule): Record<string, unknown> => ({ ...ruleSettings(rule) });

function entryComment(entry: ImportedEntry, multiRegion: boolean): string {
  const name = entry.vpcName === undefined ? entry.vpcId : `${entry.vpcName} (${entry.vpcId})`;
  const where = multiRegion ? ` in ${entry.region}` : '';
  const mode =
    entry.enrollmentTag === undefined
      ? 'no enrollment tag (auto)'
      : `${VECTRA_TAGS.enrollment}=${entry.enrollmentTag}${entry.enrollment === 'whitelist' && entry.enrollmentTag !== 'whitelist' ? ' (the tool reads anything but auto as whitelist)' : ''}`;
  const selection =
    entry.enrollment === 'auto'
      ? `every instance but those tagged ${VECTRA_TAGS.blacklist}=${VECTRA_LISTED} (exclude, below; ${plural(entry.blacklisted, 'instance')} here)`
      : `only the instances tagged ${VECTRA_TAGS.whitelist}=${VECTRA_LISTED} (instances.tags)`;
  const notes: string[] = [
    ...wrap(`${name}${where}: ${VECTRA_TAGS.target}=${entry.targetTag}, ${mode}: ${selection}.`),
    ...wrap(
      entry.sessions === 0
        ? 'No session of the tool here.'
        : `${plural(entry.sessions, 'session')} of the tool here: adopted in place (adopt: vectra), never deleted or re-created` +
            (entry.sessionsToOtherTargets === 0
              ? '.'
              : `; ${entry.sessionsToOtherTargets} of them send elsewhere than ${entry.targetTag} and are re-pointed to it in place.`),
      '  ',
    ),
  ];
  if (entry.missed.length > 0) {
    notes.push(
      ...wrap(
        `The tool never tapped ${entry.missed.length === 1 ? 'this instance' : `these ${entry.missed.length} instances`}, ` +
          `${entry.missed.length === 1 ? 'its type' : 'their types'} missing from its 2019 list; mirrorctl will: ${listInstances(entry.missed)}.`,
        '  ',
      ),
    );
  }
  if (entry.unsupported.length > 0) {
    notes.push(...wrap(`Neither tool taps these, AWS does not mirror their type: ${listInstances(entry.unsupported)}.`, '  '));
  }
  if (entry.vectraOnly.length > 0) {
    notes.push(
      ...wrap(
        `The tool lists these types but AWS does not mirror them (bare metal): mirrorctl does not tap them, and leaves any ` +
          `session of the tool there as it is: ${listInstances(entry.vectraOnly)}.`,
        '  ',
      ),
    );
  }
  if (entry.whitelistedAndBlacklisted.length > 0) {
    notes.push(
      ...wrap(
        'Whitelisted and blacklisted at once: the tool taps these in whitelist mode, but exclude (below) applies to every ' +
          `entry, so mirrorctl does not; remove one of the two tags: ${listInstances(entry.whitelistedAndBlacklisted)}.`,
        '  ',
      ),
    );
  }
  return lines(...notes);
}

function targetComment(target: ImportedTarget, entries: readonly ImportedEntry[]): string {
  const vpcs = entries.filter((entry) => entry.target === target.name).map((entry) => entry.vpcName ?? entry.vpcId);
  const described = target.description === undefined ? '' : `"${target.description}", `;
  const notes = wrap(
    `${target.id} (${described}on ${target.resource}), named by the target tag of ${vpcs.join(', ')}: referenced by id, ` +
      'so mirrorctl sends to it and never changes or deletes it.',
  );
  if (target.loadBalancerProblem !== undefined) {
    notes.push(
      ...wrap(
        `WARNING: ${target.loadBalancerProblem}. Mirroring through it has never reached a sensor. Fix it before relying ` +
          `on it: add a UDP listener on port 4789 to ${target.loadBalancerArn ?? 'the load balancer'} that forwards to a ` +
          'target group of the sensors (UDP 4789, health check on TCP), or let mirrorctl manage a Network Load Balancer ' +
          'for the sensors (its managed NLB target) and point the entries at it.',
      ),
    );
  }
  return lines(...notes);
}

function filterComment(filter: ImportedFilter): string {
  const from = filter.sources.map((source) =>
    source.filterId === undefined
      ? `${source.region}: the tool made no filter there; these are the rules it would give one`
      : `${source.filterId} in ${source.region}${source.copies.length === 0 ? '' : ` (copies the tool left, not used here: ${source.copies.join(', ')})`}`,
  );
  return lines(
    ...wrap(`The tool's filter, rule for rule (${from.join('; ')}).`),
    ...wrap(
      "While its description, network services and rules stay the tool's, the plan adopts it as it is; change any of them " +
        "and the plan creates this filter instead and re-points the adopted sessions to it in place (AWS cannot change a " +
        "filter's description), leaving the tool's filter unused.",
    ),
  );
}

function headerComment(model: VectraImport, regions: readonly string[], skipped: readonly ImportedEntry[]): string {
  const usable = model.entries.filter((entry) => entry.target !== undefined);
  const missed = usable.flatMap((entry) => entry.missed);
  const sessions = usable.reduce((sum, entry) => sum + entry.sessions, 0);
  const account = model.accountId === undefined ? '' : `account ${model.accountId}, `;
  const notes = [
    ...wrap(`Written by \`mirrorctl import vectra\` from the tags of Vectra's session mirroring tool (${account}${regions.join(', ')}).`),
    ...wrap(
      `It means what those tags mean: ${plural(usable.length, 'enrolled VPC')}, their targets by id, the tool's blacklist, ` +
        `whitelist and filter. The plan adopts the tool's ${plural(sessions, 'session')} in place and creates sessions only ` +
        `for the interfaces it never tapped (${plural(missed.length, 'instance')} of types missing from its 2019 list, named ` +
        'under each entry).',
    ),
    'Review it, then: mirrorctl validate -c FILE; mirrorctl plan -c FILE. See docs/migrating-from-vectra.md.',
  ];
  for (const entry of skipped) {
    notes.push(...wrap(`Not imported: ${entry.vpcName ?? entry.vpcId} (${entry.vpcId}, ${entry.region}): ${entry.problem ?? ''}.`));
  }
  for (const stray of model.straySessions) {
    notes.push(
      ...wrap(
        `${plural(stray.ids.length, 'session')} of the tool in ${stray.region} ${stray.ids.length === 1 ? 'mirrors an interface' : 'mirror interfaces'} of no enrolled VPC (the tool ` +
          `leaves them when a VPC is disabled); they are not adopted and stay as they are: ${stray.ids.join(', ')}.`,
      ),
    );
  }
  return lines(...notes);
}

/** A node of the document built from plain values above: its shape is known. */
const child = <T>(map: YAMLMap, key: string): T => map.get(key, true) as unknown as T;

function keyOf(map: YAMLMap, key: string): Scalar | undefined {
  const pair = map.items.find((item: Pair) => (item.key as Scalar).value === key);
  return pair?.key as Scalar | undefined;
}

function comment(map: YAMLMap, key: string, text: string, spaceBefore = false): void {
  const node = keyOf(map, key);
  if (node === undefined) return;
  node.commentBefore = text;
  if (spaceBefore) node.spaceBefore = true;
}

export function writeVectraPolicy(model: VectraImport): string {
  const usable = model.entries.filter((entry) => entry.target !== undefined);
  const skipped = model.entries.filter((entry) => entry.target === undefined);
  const regions = model.regions.filter((region) => usable.some((entry) => entry.region === region));
  const multiRegion = regions.length > 1;
  const document = new Document({
    version: 1,
    name: model.policyName,
    regions,
    ...(model.accountId === undefined ? {} : { accounts: [model.accountId] }),
    adopt: { vectra: true },
    targets: Object.fromEntries(model.targets.map((target) => [target.name, { trafficMirrorTargetId: target.id, region: target.region }])),
    filters: Object.fromEntries(
      model.filters.map((filter) => [
        filter.name,
        {
          description: filter.description,
          networkServices: [...filter.networkServices],
          ingress: filter.ingress.map(ruleDocument),
          egress: filter.egress.map(ruleDocument),
        },
      ]),
    ),
    vpcs: usable.map((entry) => ({
      id: entry.vpcId,
      target: entry.target,
      filter: entry.filter,
      ...(multiRegion ? { regions: [entry.region] } : {}),
      ...(entry.enrollment === 'whitelist' ? { instances: { tags: { [VECTRA_TAGS.whitelist]: VECTRA_LISTED } } } : {}),
    })),
    exclude: { tags: { [VECTRA_TAGS.blacklist]: VECTRA_LISTED } },
  });
  const root = document.contents as YAMLMap;
  document.commentBefore = headerComment(model, regions, skipped);
  comment(
    root,
    'name',
    lines(
      'The ownership tag of everything mirrorctl makes or adopts (mirrorctl:policy=<name>): choose it now, since',
      'renaming the policy later means its resources are another policy\'s.',
    ),
  );
  if (model.accountId !== undefined) comment(root, 'accounts', lines('The account imported: plan and apply refuse credentials for any other.'));
  comment(
    root,
    'adopt',
    lines(
      "The tool's sessions (Creator=Vectra:Tap) and its filter are taken over in place: tagged as this policy's and",
      "modified where the policy differs, never deleted and re-created, so mirroring has no gap and no interface gets",
      "a second, billed session. Their Vectra tags stay, so the tool can take them back, unless --cleanup-legacy-tags.",
    ),
  );
  for (const pair of child<YAMLMap>(root, 'targets').items) {
    const target = model.targets.find((item) => item.name === (pair.key as Scalar).value);
    if (target !== undefined) (pair.key as Scalar).commentBefore = targetComment(target, usable);
  }
  keyOf(root, 'targets')!.spaceBefore = true;
  const filters = child<YAMLMap>(root, 'filters');
  keyOf(root, 'filters')!.spaceBefore = true;
  for (const pair of filters.items) {
    const filter = model.filters.find((item) => item.name === (pair.key as Scalar).value);
    if (filter !== undefined) (pair.key as Scalar).commentBefore = filterComment(filter);
    const body = pair.value as YAMLMap;
    child<YAMLSeq>(body, 'networkServices').flow = true;
    for (const direction of ['ingress', 'egress']) {
      for (const rule of (child<YAMLSeq>(body, direction)).items) (rule as YAMLMap).flow = true;
    }
  }
  comment(root, 'vpcs', lines('One entry per VPC the tool enrolled (tagged ' + VECTRA_TAGS.target + ').'), true);
  const entries = child<YAMLSeq>(root, 'vpcs');
  entries.items.forEach((item, position) => {
    const entry = usable[position];
    const node = item as YAMLMap;
    if (entry !== undefined) node.commentBefore = entryComment(entry, multiRegion);
    const instances = child<YAMLMap | undefined>(node, 'instances');
    if (instances !== undefined) instances.flow = true;
    const entryRegions = child<YAMLSeq | undefined>(node, 'regions');
    if (entryRegions !== undefined) entryRegions.flow = true;
  });
  child<YAMLSeq>(root, 'regions').flow = true;
  const accounts = child<YAMLSeq | undefined>(root, 'accounts');
  if (accounts !== undefined) accounts.flow = true;
  child<YAMLMap>(root, 'adopt').flow = true;
  comment(
    root,
    'exclude',
    lines(
      `The tool's blacklist: instances tagged ${VECTRA_TAGS.blacklist}=${VECTRA_LISTED}, such as its sensors, are never`,
      'tapped. The tool applies it in auto mode only; here it applies to every entry.',
    ),
    true,
  );
  child<YAMLMap>(child<YAMLMap>(root, 'exclude'), 'tags').flow = true;
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
