/**
 * Where the StackSets' instances go, from the policy's `accounts:`, as AWS CLI `--deployment-targets` values.
 * Service-managed StackSets always name organizational units (or the root); accounts narrow them with an
 * account filter: the policy's exclusions are a DIFFERENCE, the accounts it names by id an INTERSECTION with
 * the root (they may be anywhere in the organization). Automatic deployment follows accounts that join the
 * units, so it is on only for a policy of units: a policy of ids names every account it is for.
 */
import type { MemberAccounts } from '../../core/types/policy.js';

/** Stands for the organization's root id, which the policy does not know (`aws organizations list-roots`). */
export const ROOT_PLACEHOLDER = 'ROOT_ID';

export interface DeploymentTarget {
  /** The `--deployment-targets` argument, ready for a shell. */
  readonly argument: string;
  /** Which accounts it reaches, in words. */
  readonly reaches: string;
}

export interface StackSetTargets {
  /** `--auto-deployment Enabled=…`: stacks for accounts that join the units later. */
  readonly autoDeployment: boolean;
  readonly target: DeploymentTarget;
  /**
   * A policy of units that also names accounts by id: those outside the units need StackSets of their own,
   * without automatic deployment (which would otherwise follow the root the filter names).
   */
  readonly byIdBeside?: DeploymentTarget;
}

const shellQuoted = (value: unknown): string => `'${JSON.stringify(value)}'`;

function byId(ids: readonly string[]): DeploymentTarget {
  return {
    argument: shellQuoted({ OrganizationalUnitIds: [ROOT_PLACEHOLDER], Accounts: ids, AccountFilterType: 'INTERSECTION' }),
    reaches: `the accounts the policy names by id: ${ids.join(', ')}`,
  };
}

export function stackSetTargets(members: MemberAccounts): StackSetTargets {
  const organization = members.organization;
  if (organization === undefined) return { autoDeployment: false, target: byId(members.ids) };
  const units = organization.organizationalUnits ?? [ROOT_PLACEHOLDER];
  const where =
    organization.organizationalUnits === undefined ? 'every account of the organization' : `the accounts of ${units.join(', ')} and of the units under them`;
  const target: DeploymentTarget =
    organization.exclude.length === 0
      ? { argument: `OrganizationalUnitIds=${units.join(',')}`, reaches: where }
      : {
          argument: shellQuoted({ OrganizationalUnitIds: units, Accounts: organization.exclude, AccountFilterType: 'DIFFERENCE' }),
          reaches: `${where}, except ${organization.exclude.join(', ')}`,
        };
  return { autoDeployment: true, target, ...(members.ids.length === 0 ? {} : { byIdBeside: byId(members.ids) }) };
}
