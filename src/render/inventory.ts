/** `mirrorctl list` reporters: text for a terminal, JSON for machines (pure: Inventory → string). */
import type { Inventory, InventoryResource, PolicyHoldings, RegionInventory } from '../core/inventory.js';
import { HOURS_PER_MONTH } from '../core/cost.js';
import type { CostEstimate } from '../core/types/plan.js';
import { describeCostNotes } from './cost.js';
import { countOf, formatRate, formatUsd } from './numbers.js';

/** The load balancers and target groups only where there are some: a list without them reads as before. */
function tally(holdings: PolicyHoldings): string {
  const count = (type: InventoryResource['type']) => holdings.resources.filter((resource) => resource.type === type).length;
  const managed = [countOf(count('load-balancer'), 'load balancer', 'load balancers'), countOf(count('target-group'), 'target group', 'target groups')];
  return [
    countOf(count('target'), 'target', 'targets'),
    countOf(count('filter'), 'filter', 'filters'),
    countOf(count('session'), 'session', 'sessions'),
    ...(count('load-balancer') + count('target-group') === 0 ? [] : managed),
  ].join(', ');
}

function monthly(holdings: PolicyHoldings, cost: CostEstimate, region: string): string {
  const rates = cost.byRegion.find((entry) => entry.region === region);
  const hourly = holdings.sessions * (rates?.ratePerSessionHour ?? 0) + holdings.loadBalancers * (rates?.ratePerLoadBalancerHour ?? 0);
  return `${formatUsd(hourly * HOURS_PER_MONTH)}/month`;
}

/** An ELBv2 resource goes by its name: its ARN would widen every line of the region. */
const label = (resource: InventoryResource): string => resource.name ?? resource.id;

function resourceLines(resources: readonly InventoryResource[]): string[] {
  const typeWidth = Math.max(7, ...resources.map((resource) => resource.type.length));
  const keyWidth = Math.max(0, ...resources.map((resource) => resource.key.length));
  const idWidth = Math.max(0, ...resources.map((resource) => label(resource).length));
  return resources.flatMap((resource) => [
    `  ${resource.type.padEnd(typeWidth)}  ${resource.key.padEnd(keyWidth)}  ${label(resource).padEnd(idWidth)}  ${resource.detail}`.trimEnd(),
    ...(resource.notice === undefined ? [] : [`    ! ${resource.notice}`]),
  ]);
}

function regionBlock(region: RegionInventory, cost: CostEstimate): string[] {
  const where = region.listed ? region.region : `${region.region} (a region the policy no longer lists: this still bills)`;
  const heading = `${where}: ${tally(region.owned)} (${monthly(region.owned, cost, region.region)})`;
  return [heading, ...resourceLines(region.owned.resources), ''];
}

function rateText(cost: CostEstimate): string {
  const owned = cost.byRegion.filter((entry) => entry.sessionsAfter + (entry.loadBalancersAfter ?? 0) > 0);
  const sessionRates = [...new Set(owned.filter((entry) => entry.sessionsAfter > 0).map((entry) => entry.ratePerSessionHour))];
  const loadBalancerRates = [
    ...new Set(owned.flatMap((entry) => ((entry.loadBalancersAfter ?? 0) > 0 && entry.ratePerLoadBalancerHour !== undefined ? [entry.ratePerLoadBalancerHour] : []))),
  ];
  const rates = [
    ...(sessionRates.length === 0 ? [] : [sessionRates.map((rate) => `${formatRate(rate)}/session-hour`).join(' or ')]),
    ...(loadBalancerRates.length === 0 ? [] : [loadBalancerRates.map((rate) => `${formatRate(rate)}/load-balancer-hour`).join(' or ')]),
  ];
  return rates.length === 0 ? '' : ` at ${rates.join(' and ')}`;
}

export function renderInventoryText(inventory: Inventory): string {
  const lines: string[] = [];
  const account = inventory.account;
  lines.push(
    account === undefined
      ? `Policy ${inventory.policyName}`
      : `Policy ${inventory.policyName} in account ${account.id}${account.alias === undefined ? '' : ` (${account.alias})`}, as ${account.callerArn}`,
    '',
  );
  const holding = inventory.regions.filter((region) => region.owned.resources.length > 0);
  const empty = inventory.regions.filter((region) => region.listed && region.owned.resources.length === 0);
  for (const region of holding) lines.push(...regionBlock(region, inventory.cost));
  if (empty.length > 0) lines.push(`Nothing owned in ${empty.map((region) => region.region).join(', ')}.`, '');

  const others = inventory.regions.flatMap((region) => region.otherPolicies.map((other) => ({ region, other })));
  if (others.length > 0) {
    lines.push('Other mirrorctl policies here (this policy never changes or deletes them):');
    for (const { region, other } of others) {
      lines.push(`  ${region.region}: ${other.policyName}: ${tally(other)} (${monthly(other, inventory.otherPoliciesCost, region.region)})`);
    }
    lines.push('');
  }

  const sessions = inventory.regions.reduce((sum, region) => sum + region.owned.sessions, 0);
  const loadBalancers = inventory.regions.reduce((sum, region) => sum + region.owned.loadBalancers, 0);
  const owned = countOf(sessions, 'session', 'sessions') + (loadBalancers === 0 ? '' : ` and ${countOf(loadBalancers, 'load balancer', 'load balancers')}`);
  lines.push(`Total: ${owned} owned, ${formatUsd(inventory.cost.monthlyAfter)}/month${rateText(inventory.cost)}.`);
  // What the load balancers cost besides their hours depends on the traffic, as the plan says.
  lines.push(...describeCostNotes(inventory.cost));
  const unread = inventory.regions.filter((region) => region.loadBalancersNotRead !== undefined).map((region) => region.region);
  if (unread.length > 0) lines.push(`Managed load balancers not read in ${unread.join(', ')}: not listed, and not in the total.`);
  return `${lines.join('\n')}\n`;
}

export function renderInventoryJson(inventory: Inventory): string {
  return `${JSON.stringify({ formatVersion: 1, kind: 'mirrorctl-inventory', ...inventory }, null, 2)}\n`;
}
