/**
 * Reads back what one policy owns after an apply and names its owned duplicates (src/core/duplicates.ts).
 * Three tag-filtered Describe walks per region, so the check costs pages of owned resources, not a discovery.
 * Under eventual consistency a copy made in the last seconds may not be listed yet: the next plan still sees it.
 */
import {
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeTrafficMirrorTargets,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ownedDuplicates, type DuplicateOwner, type OwnedDuplicate, type TaggedResource } from '../core/duplicates.js';
import { POLICY_TAG } from '../core/ownership.js';

export async function findOwnedDuplicates(
  ec2: (region: string) => EC2Client,
  regions: readonly string[],
  owner: DuplicateOwner,
): Promise<OwnedDuplicate[]> {
  const perRegion = await Promise.all(
    regions.map(async (region) => ownedDuplicates(region, owner, await ownedResources(ec2(region), owner.policyName))),
  );
  return perRegion.flat();
}

async function ownedResources(client: EC2Client, policyName: string): Promise<TaggedResource[]> {
  const input = { Filters: [{ Name: `tag:${POLICY_TAG}`, Values: [policyName] }], MaxResults: 1000 };
  const resources: TaggedResource[] = [];
  for await (const page of paginateDescribeTrafficMirrorTargets({ client }, input)) {
    for (const item of page.TrafficMirrorTargets ?? []) {
      push(resources, { type: 'target', id: item.TrafficMirrorTargetId, ownerId: item.OwnerId }, item.Tags);
    }
  }
  for await (const page of paginateDescribeTrafficMirrorFilters({ client }, input)) {
    for (const item of page.TrafficMirrorFilters ?? []) push(resources, { type: 'filter', id: item.TrafficMirrorFilterId }, item.Tags);
  }
  for await (const page of paginateDescribeTrafficMirrorSessions({ client }, input)) {
    for (const item of page.TrafficMirrorSessions ?? []) {
      const session = { type: 'session', id: item.TrafficMirrorSessionId, ownerId: item.OwnerId, networkInterfaceId: item.NetworkInterfaceId } as const;
      push(resources, session, item.Tags);
    }
  }
  return resources;
}

type Listed = Omit<TaggedResource, 'id' | 'tags'> & { readonly id: string | undefined };

function push(into: TaggedResource[], resource: Listed, tags: Tag[] | undefined): void {
  if (resource.id === undefined) return;
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? '';
  into.push({ ...resource, id: resource.id, tags: map });
}
