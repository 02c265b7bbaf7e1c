/**
 * What a policy still owns in the regions it no longer lists. A converge never plans those regions, but their
 * sessions keep billing, so `plan` looks: one DescribeRegions, then in each other enabled region the three
 * mirroring Describes filtered server-side on the policy tag (a few calls per region, usually empty pages).
 * The answer only feeds a warning: a failure here (no ec2:DescribeRegions, an unreachable region) is
 * reported, never fatal, and nothing read here is ever planned.
 */
import {
  DescribeRegionsCommand,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeTrafficMirrorTargets,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import { POLICY_TAG } from '../../core/ownership.js';
import type { ObservedRegion } from '../../core/types/observed.js';
import type { AwsClients } from '../clients.js';
import { byId, compare } from './fields.js';
import { toFilter, toSession, toTarget } from './map-mirroring.js';
import { readAllPages, type ReadScope } from './pages.js';

export interface OwnedElsewhere {
  /** Regions holding something the policy owns, with only its sessions, targets and filters. */
  readonly regions: readonly ObservedRegion[];
  /** Why the look failed, when it did. */
  readonly failure?: string;
}

/**
 * The sessions, targets and filters of one region that carry a tag the filters name (server-side tag filters:
 * pages of tagged resources, not of the region's). Shared with `mirrorctl list`.
 */
export async function readTaggedMirroring(
  client: EC2Client,
  region: string,
  Filters: Filter[],
  signal: AbortSignal,
): Promise<ObservedRegion> {
  const scope: ReadScope = { region, profile: undefined, signal, onProgress: undefined, totals: new Map() };
  const config = { client, pageSize: 1000 };
  const [targets, filters, sessions] = await Promise.all([
    readAllPages(scope, 'DescribeTrafficMirrorTargets', (send) => paginateDescribeTrafficMirrorTargets(config, { Filters }, send), (page) =>
      (page.TrafficMirrorTargets ?? []).map(toTarget),
    ),
    readAllPages(scope, 'DescribeTrafficMirrorFilters', (send) => paginateDescribeTrafficMirrorFilters(config, { Filters }, send), (page) =>
      (page.TrafficMirrorFilters ?? []).map(toFilter),
    ),
    readAllPages(scope, 'DescribeTrafficMirrorSessions', (send) => paginateDescribeTrafficMirrorSessions(config, { Filters }, send), (page) =>
      (page.TrafficMirrorSessions ?? []).map(toSession),
    ),
  ]);
  return {
    region,
    vpcs: [],
    instances: [],
    networkInterfaces: [],
    instanceTypes: [],
    targets: byId(targets),
    filters: byId(filters),
    sessions: byId(sessions),
  };
}

const ownedIn = (client: EC2Client, region: string, policyName: string, signal: AbortSignal): Promise<ObservedRegion> =>
  readTaggedMirroring(client, region, [{ Name: `tag:${POLICY_TAG}`, Values: [policyName] }], signal);

export async function discoverOwnedElsewhere(
  clients: Pick<AwsClients, 'ec2'>,
  options: { readonly policyName: string; readonly listed: readonly string[] },
): Promise<OwnedElsewhere> {
  const home = options.listed[0];
  if (home === undefined) return { regions: [] };
  const stop = new AbortController();
  try {
    const answer = await clients.ec2(home).send(new DescribeRegionsCommand({}), { abortSignal: stop.signal });
    const others = (answer.Regions ?? [])
      .flatMap((region) => (region.RegionName === undefined ? [] : [region.RegionName]))
      .filter((region) => !options.listed.includes(region))
      .sort(compare);
    const found = await Promise.all(others.map((region) => ownedIn(clients.ec2(region), region, options.policyName, stop.signal)));
    return { regions: found.filter((region) => region.sessions.length + region.targets.length + region.filters.length > 0) };
  } catch (error) {
    stop.abort();
    return { regions: [], failure: error instanceof Error ? error.message : String(error) };
  }
}
