/** `mirrorctl list` reporters: text for a terminal, JSON for machines (pure: Inventory → string). */
import type { Inventory, InventoryResource, PolicyHoldings, RegionInventory } from '../core/inventory.js';
import { HOURS_PER_MONTH } from '../core/cost.js';
import type { CostEstimate } from '../core/types/plan.js';
import { countOf, formatRate, formatUsd } from './numbers.js';

function tally(holdings: PolicyHoldings): string {
  const count = (type: InventoryResource['type']) => holdings.resources.filter((resource) => resource.type === type).length;
  return [countOf(count('target'), 'target', 'targets'), countOf(count('filter'), 'filter', 'filters'), countOf(count('session'), 'session', 'sessions')].join(', ');
}

function regionRate(cost: CostEstimate, region: string): number {
  return cost.byRegion.find((entry) => entry.region === region)?.ratePerSessionHour ?? 0;
}

const monthly = (sessions: number, rate: number): string => `${formatUsd(sessions * rate * HOURS_PER_MONTH)}/month`;

function resourceLines(resources: readonly InventoryResource[]): string[] {
  const keyWidth = Math.max(0, ...resources.map((resource) => resource.key.length));
  const idWidth = Math.max(0, ...resources.map((resource) => resource.id.length));
  return resources.map((resource) =>
    `  ${resource.type.padEnd(7)}  ${resource.key.padEnd(keyWidth)}  ${resource.id.padEnd(idWidth)}  ${resource.detail}`.trimEnd(),
  );
}

function regionBlock(region: RegionInventory, cost: CostEstimate): string[] {
  const where = region.listed ? region.region : `${region.region} (a region the policy no longer lists: this still bills)`;
  const heading = `${where}: ${tally(region.owned)} (${monthly(region.owned.sessions, regionRate(cost, region.region))})`;
  return [heading, ...resourceLines(region.owned.resources), ''];
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
      const cost = monthly(other.sessions, regionRate(inventory.otherPoliciesCost, region.region));
      lines.push(`  ${region.region}: ${other.policyName}: ${tally(other)} (${cost})`);
    }
    lines.push('');
  }

  const sessions = inventory.regions.reduce((sum, region) => sum + region.owned.sessions, 0);
  const rates = [...new Set(inventory.cost.byRegion.filter((entry) => entry.sessionsAfter > 0).map((entry) => entry.ratePerSessionHour))];
  const rateText = rates.length === 0 ? '' : ` at ${rates.map((rate) => `${formatRate(rate)}/session-hour`).join(' or ')}`;
  lines.push(`Total: ${countOf(sessions, 'session', 'sessions')} owned, ${formatUsd(inventory.cost.monthlyAfter)}/month${rateText}.`);
  return `${lines.join('\n')}\n`;
}

export function renderInventoryJson(inventory: Inventory): string {
  return `${JSON.stringify({ formatVersion: 1, kind: 'mirrorctl-inventory', ...inventory }, null, 2)}\n`;
}
