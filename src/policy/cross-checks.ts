/**
 * Refinements across the whole policy: references between sections, region sets, and entry identity.
 * They run even when parts failed to parse, so they read the input defensively.
 */
import { checkAccountReferences } from './account-checks.js';
import { entryKey } from './entry-key.js';
import { isRegionName, parseNlbArn } from './ids.js';
import { zonesRegion } from './managed-checks.js';
import { arrayAt, isRecord, recordAt, report, stringAt, type Ctx } from './report.js';
import { didYouMean } from './suggest.js';
import { quote } from './quote.js';

export function checkPolicy(policy: unknown, ctx: Ctx): void {
  const regions = new Set(arrayAt(policy, 'regions').filter((r): r is string => typeof r === 'string' && isRegionName(r)));
  const targets = recordAt(policy, 'targets') ?? {};
  const filters = recordAt(policy, 'filters') ?? {};
  const targetRegions = checkTargetRegions(targets, regions, ctx);
  checkTargetResources(targets, ctx);
  checkAccountReferences(policy, ctx);
  checkSensorsNotTapped(policy, targets, ctx);
  const entryIndexByKey = new Map<string, number>();
  for (const [index, entry] of arrayAt(policy, 'vpcs').entries()) {
    if (!isRecord(entry)) continue;
    const path = ['vpcs', index];
    checkReference('target', stringAt(entry, 'target'), targets, [...path, 'target'], ctx);
    checkReference('filter', stringAt(entry, 'filter'), filters, [...path, 'filter'], ctx);
    const entryRegions = arrayAt(entry, 'regions');
    for (const [regionIndex, region] of entryRegions.entries()) {
      if (typeof region === 'string' && regions.size > 0 && !regions.has(region)) {
        report(ctx, notInPolicy(region, regions), [...path, 'regions', regionIndex]);
      }
    }
    const targetRegion = targetRegions.get(stringAt(entry, 'target') ?? '');
    if (targetRegion !== undefined && entryRegions.length > 0 && !entryRegions.includes(targetRegion)) {
      report(
        ctx,
        {
          code: 'target-out-of-reach',
          message: `this entry's regions do not include ${targetRegion}, where its target ${quote(stringAt(entry, 'target'))} is`,
          hint: 'a mirror session needs a target in the same region as its source',
        },
        [...path, 'regions'],
      );
    }
    const key = keyOf(entry);
    if (key === undefined) continue;
    const first = entryIndexByKey.get(key);
    if (first === undefined) {
      entryIndexByKey.set(key, index);
      continue;
    }
    report(
      ctx,
      {
        code: 'duplicate-entry-key',
        message: `vpcs[${first}] and vpcs[${index}] have the same key ${quote(key)}`,
        hint: 'give each entry a distinct "name": the key identifies the sessions the entry creates',
      },
      path,
    );
  }
}

/** Returns each target's region when the policy states it (explicitly or in an NLB ARN). */
function checkTargetRegions(targets: Record<string, unknown>, regions: ReadonlySet<string>, ctx: Ctx) {
  const found = new Map<string, string>();
  for (const [name, target] of Object.entries(targets)) {
    const explicit = stringAt(target, 'region');
    const arn = stringAt(target, 'networkLoadBalancerArn');
    const parsed = arn === undefined ? undefined : parseNlbArn(arn);
    const fromArn = parsed?.ok ? parsed.arn.region : undefined;
    const fromZones = zonesRegion(recordAt(target, 'managedNetworkLoadBalancer'));
    const region = explicit ?? fromArn ?? fromZones;
    if (region === undefined) continue;
    found.set(name, region);
    if (regions.size > 0 && !regions.has(region)) {
      const implied = fromArn !== undefined ? ['networkLoadBalancerArn'] : ['managedNetworkLoadBalancer', 'availabilityZones'];
      const path = ['targets', name, ...(explicit === undefined ? implied : ['region'])];
      report(ctx, notInPolicy(region, regions, 'this target is in'), path);
    }
  }
  return found;
}

const TARGET_RESOURCE_FIELDS = ['networkLoadBalancerArn', 'networkInterfaceId', 'gatewayLoadBalancerEndpointId'] as const;

/**
 * AWS holds one target per NLB and per interface (and mirrorctl assumes it of an endpoint): a second could
 * never exist. A pool's interfaces count one by one.
 */
function checkTargetResources(targets: Record<string, unknown>, ctx: Ctx): void {
  const first = new Map<string, string>();
  const claim = (name: string, resource: string, path: (string | number)[]): void => {
    const earlier = first.get(resource);
    if (earlier === undefined) {
      first.set(resource, name);
      return;
    }
    report(
      ctx,
      {
        code: 'duplicate-target-resource',
        message:
          earlier === name
            ? `target ${quote(name)} lists ${resource} twice`
            : `targets ${quote(earlier)} and ${quote(name)} both send to ${resource}`,
        hint:
          earlier === name
            ? 'list each interface once'
            : `AWS allows one traffic mirror target per NLB or interface: point the vpcs entries at ${quote(earlier)} and remove ${quote(name)}`,
      },
      path,
    );
  };
  for (const [name, target] of Object.entries(targets)) {
    for (const field of TARGET_RESOURCE_FIELDS) {
      const resource = stringAt(target, field);
      if (resource !== undefined) claim(name, resource, ['targets', name, field]);
    }
    const pool = arrayAt(target, 'networkInterfaceIds');
    // A repeat inside one list is reported by the list itself.
    const listed = new Set<string>();
    pool.forEach((eni, index) => {
      if (typeof eni !== 'string' || listed.has(eni)) return;
      listed.add(eni);
      claim(name, eni, ['targets', name, 'networkInterfaceIds', index]);
    });
  }
}

/** The tag selectors that pick sensors: a managed load balancer's `sensors.tags`, a pool's `sensorTags`. */
function sensorSelectors(targets: Record<string, unknown>): { name: string; tags: Record<string, string> }[] {
  const selectors: { name: string; tags: Record<string, string> }[] = [];
  for (const [name, target] of Object.entries(targets)) {
    const managed = recordAt(recordAt(recordAt(target, 'managedNetworkLoadBalancer'), 'sensors'), 'tags');
    for (const tags of [managed, recordAt(target, 'sensorTags')]) {
      const strings = tags === undefined ? {} : onlyStrings(tags);
      if (Object.keys(strings).length > 0) selectors.push({ name, tags: strings });
    }
  }
  return selectors;
}

/**
 * A sensor's own interfaces can never be sources: mirroring a sensor sends its mirrored traffic back to it, a
 * loop that eats its bandwidth. An entry whose instance tags every tag-selected sensor carries would tap them
 * all, wherever the sensors are; an exclusion tag the sensors carry already keeps them out.
 */
function checkSensorsNotTapped(policy: unknown, targets: Record<string, unknown>, ctx: Ctx): void {
  const selectors = sensorSelectors(targets);
  if (selectors.length === 0) return;
  const excluded = onlyStrings(recordAt(recordAt(policy, 'exclude'), 'tags') ?? {});
  for (const [index, entry] of arrayAt(policy, 'vpcs').entries()) {
    const wanted = onlyStrings(recordAt(recordAt(entry, 'instances'), 'tags') ?? {});
    if (Object.keys(wanted).length === 0) continue;
    for (const sensors of selectors) {
      const carriesAll = Object.entries(wanted).every(([key, value]) => sensors.tags[key] === value);
      const keptOut = Object.entries(excluded).some(([key, value]) => sensors.tags[key] === value);
      if (!carriesAll || keptOut) continue;
      const pairs = Object.entries(sensors.tags).map(([key, value]) => `${key}: ${value}`).join(', ');
      report(
        ctx,
        {
          code: 'taps-sensors',
          message: `this entry selects the sensors of target ${quote(sensors.name)} (instances tagged ${pairs}): mirroring a sensor loops its own traffic back to it`,
          hint: `select the sources with tags the sensors do not carry, or exclude the sensors (exclude: { tags: { ${pairs} } })`,
        },
        ['vpcs', index, 'instances', 'tags'],
      );
      break;
    }
  }
}

const onlyStrings = (tags: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));

function notInPolicy(region: string, regions: ReadonlySet<string>, subject?: string) {
  const listed = `one of the policy's regions (${[...regions].join(', ')})`;
  return {
    code: 'region-not-in-policy',
    message: subject === undefined ? `region ${region} is not ${listed}` : `${subject} ${region}, which is not ${listed}`,
    hint: didYouMean(region, regions) ?? `add ${region} to the top-level "regions"`,
  };
}

function checkReference(
  what: 'target' | 'filter',
  name: string | undefined,
  defined: Record<string, unknown>,
  path: (string | number)[],
  ctx: Ctx,
): void {
  if (name === undefined || Object.hasOwn(defined, name)) return;
  const names = Object.keys(defined);
  report(
    ctx,
    {
      code: `undefined-${what}`,
      message: `${what} ${quote(name)} is not defined under "${what}s"`,
      hint:
        didYouMean(name, names) ??
        (names.length === 0 ? `define it under "${what}s"` : `defined ${what}s: ${names.join(', ')}`),
    },
    path,
  );
}

function keyOf(entry: Record<string, unknown>): string | undefined {
  const name = stringAt(entry, 'name');
  const id = stringAt(entry, 'id');
  const tags = recordAt(entry, 'tags');
  if (name === undefined && id === undefined && tags === undefined) return undefined;
  const stringTags = tags === undefined ? undefined : Object.fromEntries(
    Object.entries(tags).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
  );
  return entryKey({ name, id, tags: stringTags });
}
