/**
 * The accounts of an organization, as AWS Organizations lists them: the whole organization, or the accounts
 * of some units and of every unit under them (ListAccountsForParent lists a unit's own accounts only).
 * Organizations answers only its management account and delegated administrators; the error says so.
 */
import {
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { UserError, isUserError } from '../core/errors.js';
import { clientSetup, type AwsOptions } from './clients.js';
import { toReadableAwsError } from './read-errors.js';

export interface OrganizationAccount {
  readonly id: string;
  readonly name?: string;
  /** ACTIVE, SUSPENDED or PENDING_CLOSURE. */
  readonly status: string;
}

/** Organizations is global; its endpoint is in us-east-1 (aws partition). */
const ORGANIZATIONS_REGION = 'us-east-1';
const PAGE_SIZE = 20;

export function createOrganizationsClient(options: AwsOptions): OrganizationsClient {
  const setup = clientSetup('ORGANIZATIONS', options);
  return setup.connect(new OrganizationsClient({ ...setup.config, region: ORGANIZATIONS_REGION }), ORGANIZATIONS_REGION);
}

/**
 * Every account of `units` (an organizational unit or the root, with the units under it), or of the whole
 * organization when `units` is undefined; sorted by id, each once. `callerArn` names who was refused.
 */
export async function listOrganizationAccounts(
  client: OrganizationsClient,
  units: readonly string[] | undefined,
  callerArn: string,
): Promise<OrganizationAccount[]> {
  const found = new Map<string, OrganizationAccount>();
  const add = (accounts: readonly { Id?: string | undefined; Name?: string | undefined; Status?: string | undefined }[] | undefined) => {
    for (const account of accounts ?? []) {
      if (account.Id === undefined) continue;
      found.set(account.Id, { id: account.Id, ...(account.Name === undefined ? {} : { name: account.Name }), status: account.Status ?? 'ACTIVE' });
    }
  };
  const config = { client, pageSize: PAGE_SIZE };
  try {
    if (units === undefined) {
      for await (const page of paginateListAccounts(config, {})) add(page.Accounts);
    } else {
      const queue = [...units];
      const seen = new Set<string>();
      for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        for await (const page of paginateListAccountsForParent(config, { ParentId: parent })) add(page.Accounts);
        for await (const page of paginateListOrganizationalUnitsForParent(config, { ParentId: parent })) {
          for (const unit of page.OrganizationalUnits ?? []) if (unit.Id !== undefined) queue.push(unit.Id);
        }
      }
    }
  } catch (error) {
    throw organizationsError(error, units, callerArn);
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function organizationsError(error: unknown, units: readonly string[] | undefined, callerArn: string): Error {
  const name = error instanceof Error ? error.name : '';
  const what = units === undefined ? 'the accounts of the organization' : `the accounts of ${units.join(', ')}`;
  if (name === 'AccessDeniedException') {
    return new UserError(
      `AWS Organizations refused to list ${what} to ${callerArn}: only the organization's management account ` +
        'or a delegated administrator may list its accounts.',
      {
        hint:
          'run mirrorctl with credentials of the management account or of a delegated administrator (and ' +
          'organizations:ListAccounts, ListAccountsForParent and ListOrganizationalUnitsForParent), or name the accounts under accounts.ids',
        cause: error,
      },
    );
  }
  if (name === 'AWSOrganizationsNotInUseException') {
    return new UserError(`The account of ${callerArn} is not in an AWS organization, so it cannot list ${what}.`, {
      hint: 'name the accounts under accounts.ids instead of accounts.organization',
      cause: error,
    });
  }
  if (name === 'ParentNotFoundException') {
    return new UserError(`AWS Organizations does not know one of ${units?.join(', ') ?? 'the units'} in this organization.`, {
      hint: 'check accounts.organization.organizationalUnits: aws organizations list-roots and list-organizational-units-for-parent show the ids',
      cause: error,
    });
  }
  const readable = toReadableAwsError(error, { action: 'ListAccountsForParent' });
  if (!isUserError(readable)) return readable;
  return new UserError(`AWS Organizations could not list ${what}: ${readable.message.replace(/^EC2 /, '')}`, {
    ...(readable.hint === undefined ? {} : { hint: readable.hint }),
    cause: error,
  });
}
