/**
 * Which accounts a run over several accounts covers: the policy's ids, plus the active accounts of its
 * organization units, minus its exclusions; `--account` then narrows them. An account the policy does not
 * cover is refused before anything is read in it.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { listOrganizationAccounts } from '../../aws/organizations.js';
import { UserError } from '../../core/errors.js';
import type { MemberAccounts } from '../../core/types/policy.js';

export interface ResolvedAccounts {
  /** Sorted by id. */
  readonly accountIds: readonly string[];
  /** Accounts of the units left out, and why (excluded, suspended): shown, never planned. */
  readonly left: readonly { readonly accountId: string; readonly reason: string }[];
  /** Organization accounts' names, when Organizations was asked. */
  readonly names: ReadonlyMap<string, string>;
}

export interface ResolveRequest {
  readonly members: MemberAccounts;
  readonly policyName: string;
  /** `--account`, when given. */
  readonly only?: readonly string[];
  readonly callerArn: string;
  /** Called only when the policy names an organization. */
  readonly organizations: () => OrganizationsClient;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function resolveAccounts(request: ResolveRequest): Promise<ResolvedAccounts> {
  const { members } = request;
  const chosen = new Set(members.ids);
  const left = new Map<string, string>();
  const names = new Map<string, string>();
  if (members.organization !== undefined) {
    const client = request.organizations();
    const listed = await listOrganizationAccounts(client, members.organization.organizationalUnits, request.callerArn);
    for (const account of listed) {
      if (account.name !== undefined) names.set(account.id, account.name);
      if (members.organization.exclude.includes(account.id)) left.set(account.id, 'excluded by accounts.organization.exclude');
      else if (account.status !== 'ACTIVE') left.set(account.id, `${account.status} in the organization`);
      else chosen.add(account.id);
    }
  }
  const all = [...chosen].sort(byId);
  const only = request.only === undefined || request.only.length === 0 ? undefined : [...new Set(request.only)].sort(byId);
  if (only !== undefined) {
    const outside = only.filter((id) => !chosen.has(id));
    if (outside.length > 0) throw outsideError(outside, left, request, all);
  }
  return {
    accountIds: only ?? all,
    left: [...left].map(([accountId, reason]) => ({ accountId, reason })).sort((a, b) => byId(a.accountId, b.accountId)),
    names,
  };
}

function outsideError(outside: readonly string[], left: ReadonlyMap<string, string>, request: ResolveRequest, all: readonly string[]): UserError {
  const why = outside.map((id) => (left.has(id) ? `${id} (${left.get(id) ?? ''})` : id)).join(', ');
  const covered = all.length <= 10 ? all.join(', ') : `${all.slice(0, 10).join(', ')} and ${all.length - 10} more`;
  return new UserError(
    `--account ${why}: not among the accounts policy "${request.policyName}" manages (${covered || 'none'}). Nothing was read or changed.`,
    { hint: 'pass accounts the policy manages, or add the account to accounts: in the policy' },
  );
}
