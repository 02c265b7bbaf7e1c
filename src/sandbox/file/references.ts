/**
 * Checks a sandbox file for states AWS could not be in: duplicate ids, references to missing resources,
 * more than 3 sessions on an interface, clashing session or rule numbers, two targets of the account on one
 * NLB or interface.
 */
import { fileAccounts } from './accounts.js';
import type { SandboxFile, SandboxRegion } from './types.js';

export interface ReferenceIssue {
  readonly message: string;
  readonly path: (string | number)[];
}

/** What a region of one account may refer to beyond its own resources. */
interface RegionContext {
  readonly accountId: string;
  /** Where the account is in the file. */
  readonly path: readonly (string | number)[];
  /** Targets other accounts of the file share with this one in this region. */
  readonly sharedTargets: ReadonlySet<string>;
  /** Every account of the file: another one's session is listed under that account, not here. */
  readonly fileAccounts: ReadonlySet<string>;
}

function checkRegion(name: string, region: SandboxRegion, where: RegionContext, issues: ReferenceIssue[]): void {
  const { accountId } = where;
  const at = (...path: (string | number)[]) => [...where.path, 'regions', name, ...path];
  const seen = new Set<string>();
  const unique = (id: string, path: (string | number)[]) => {
    if (seen.has(id)) issues.push({ message: `duplicate id ${id}`, path });
    seen.add(id);
  };
  const requireKnown = (known: ReadonlySet<string>, id: string, what: string, path: (string | number)[]) => {
    if (!known.has(id)) issues.push({ message: `unknown ${what} ${id}`, path });
  };

  const vpcs = new Set((region.vpcs ?? []).map((vpc) => vpc.id));
  (region.vpcs ?? []).forEach((vpc, i) => unique(vpc.id, at('vpcs', i, 'id')));
  const subnetVpc = new Map((region.subnets ?? []).map((subnet) => [subnet.id, subnet.vpcId]));
  const subnets = new Set(subnetVpc.keys());
  (region.subnets ?? []).forEach((subnet, i) => {
    unique(subnet.id, at('subnets', i, 'id'));
    requireKnown(vpcs, subnet.vpcId, 'VPC', at('subnets', i, 'vpcId'));
  });

  const enis = new Set<string>();
  (region.instances ?? []).forEach((instance, i) => {
    unique(instance.id, at('instances', i, 'id'));
    requireKnown(subnets, instance.subnetId, 'subnet', at('instances', i, 'subnetId'));
    const deviceIndexes = new Set<number>();
    instance.interfaces.forEach((eni, j) => {
      unique(eni.id, at('instances', i, 'interfaces', j, 'id'));
      enis.add(eni.id);
      if (eni.subnetId !== undefined) requireKnown(subnets, eni.subnetId, 'subnet', at('instances', i, 'interfaces', j, 'subnetId'));
      if (deviceIndexes.has(eni.deviceIndex)) {
        issues.push({ message: `device index ${eni.deviceIndex} is used twice`, path: at('instances', i, 'interfaces', j, 'deviceIndex') });
      }
      deviceIndexes.add(eni.deviceIndex);
    });
  });
  (region.networkInterfaces ?? []).forEach((eni, i) => {
    unique(eni.id, at('networkInterfaces', i, 'id'));
    enis.add(eni.id);
    requireKnown(subnets, eni.subnetId, 'subnet', at('networkInterfaces', i, 'subnetId'));
  });

  const targets = new Set<string>(where.sharedTargets);
  const targetOnResource = new Map<string, string>();
  (region.trafficMirrorTargets ?? []).forEach((target, i) => {
    unique(target.id, at('trafficMirrorTargets', i, 'id'));
    targets.add(target.id);
    // The simulator's CreateTrafficMirrorTarget rule: one target of the account per NLB and per interface.
    const resource = target.networkLoadBalancerArn ?? target.networkInterfaceId;
    if (resource !== undefined && (target.ownerId ?? accountId) === accountId) {
      const first = targetOnResource.get(resource);
      if (first !== undefined) {
        issues.push({ message: `targets ${first} and ${target.id} are both on ${resource}: AWS allows one target per NLB or interface`, path: at('trafficMirrorTargets', i) });
      }
      targetOnResource.set(resource, first ?? target.id);
    }
    const kinds = [target.networkInterfaceId, target.networkLoadBalancerArn, target.gatewayLoadBalancerEndpointId];
    if (kinds.filter((kind) => kind !== undefined).length !== 1) {
      issues.push({
        message: 'a target has exactly one of networkInterfaceId, networkLoadBalancerArn, gatewayLoadBalancerEndpointId',
        path: at('trafficMirrorTargets', i),
      });
    }
  });
  const filters = new Set<string>();
  (region.trafficMirrorFilters ?? []).forEach((filter, i) => {
    unique(filter.id, at('trafficMirrorFilters', i, 'id'));
    filters.add(filter.id);
    const numbers = new Set<string>();
    (filter.rules ?? []).forEach((rule, j) => {
      unique(rule.id, at('trafficMirrorFilters', i, 'rules', j, 'id'));
      const key = `${rule.direction} ${rule.number}`;
      if (numbers.has(key)) {
        issues.push({ message: `rule number ${rule.number} is used twice for ${rule.direction}`, path: at('trafficMirrorFilters', i, 'rules', j, 'number') });
      }
      numbers.add(key);
    });
  });

  const perInterface = new Map<string, Set<number>>();
  (region.trafficMirrorSessions ?? []).forEach((session, i) => {
    unique(session.id, at('trafficMirrorSessions', i, 'id'));
    // Another account's session on a target this account shares: its interface and filter are in that account.
    const theirs = session.ownerId !== undefined && session.ownerId !== accountId;
    if (theirs && where.fileAccounts.has(session.ownerId ?? '')) {
      issues.push({
        message: `session ${session.id} belongs to account ${session.ownerId ?? ''} of this file: list it in that account's regions`,
        path: at('trafficMirrorSessions', i, 'ownerId'),
      });
    }
    if (!theirs) {
      requireKnown(enis, session.networkInterfaceId, 'network interface', at('trafficMirrorSessions', i, 'networkInterfaceId'));
      requireKnown(filters, session.filterId, 'traffic mirror filter', at('trafficMirrorSessions', i, 'filterId'));
    }
    requireKnown(targets, session.targetId, 'traffic mirror target', at('trafficMirrorSessions', i, 'targetId'));
    const numbers = perInterface.get(session.networkInterfaceId) ?? new Set<number>();
    perInterface.set(session.networkInterfaceId, numbers);
    if (numbers.has(session.sessionNumber)) {
      issues.push({
        message: `session number ${session.sessionNumber} is used twice on ${session.networkInterfaceId}`,
        path: at('trafficMirrorSessions', i, 'sessionNumber'),
      });
    }
    numbers.add(session.sessionNumber);
    if (numbers.size > 3) {
      issues.push({ message: `more than 3 sessions on ${session.networkInterfaceId}`, path: at('trafficMirrorSessions', i) });
    }
  });

  const loadBalancers = new Set<string>();
  (region.loadBalancers ?? []).forEach((lb, i) => {
    unique(lb.arn, at('loadBalancers', i, 'arn'));
    loadBalancers.add(lb.arn);
    lb.subnets.forEach((subnetId, j) => requireKnown(subnets, subnetId, 'subnet', at('loadBalancers', i, 'subnets', j)));
    if (new Set(lb.subnets.map((subnetId) => subnetVpc.get(subnetId))).size > 1) {
      issues.push({ message: 'all subnets of a load balancer must be in one VPC', path: at('loadBalancers', i, 'subnets') });
    }
  });
  const targetGroups = new Set<string>();
  (region.targetGroups ?? []).forEach((group, i) => {
    unique(group.arn, at('targetGroups', i, 'arn'));
    targetGroups.add(group.arn);
    requireKnown(vpcs, group.vpcId, 'VPC', at('targetGroups', i, 'vpcId'));
  });
  (region.listeners ?? []).forEach((listener, i) => {
    unique(listener.arn, at('listeners', i, 'arn'));
    requireKnown(loadBalancers, listener.loadBalancerArn, 'load balancer', at('listeners', i, 'loadBalancerArn'));
    requireKnown(targetGroups, listener.targetGroupArn, 'target group', at('listeners', i, 'targetGroupArn'));
  });
}

export function checkReferences(file: SandboxFile): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const accounts = fileAccounts(file);
  const ids = new Set(accounts.map(({ account }) => account.accountId));
  // "accountId region" → the targets other accounts share with it there.
  const shared = new Map<string, Set<string>>();
  for (const { account } of accounts) {
    for (const [name, region] of Object.entries(account.regions)) {
      for (const target of region.trafficMirrorTargets ?? []) {
        for (const recipient of target.sharedWith ?? []) {
          const key = `${recipient} ${name}`;
          shared.set(key, (shared.get(key) ?? new Set()).add(target.id));
        }
      }
    }
  }
  for (const { account, path } of accounts) {
    for (const [name, region] of Object.entries(account.regions)) {
      const sharedTargets = shared.get(`${account.accountId} ${name}`) ?? new Set<string>();
      checkRegion(name, region, { accountId: account.accountId, path, sharedTargets, fileAccounts: ids }, issues);
    }
  }
  return issues;
}
