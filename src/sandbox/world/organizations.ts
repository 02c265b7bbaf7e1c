/**
 * AWS Organizations, as much as mirrorctl reads of it: the accounts of the whole organization
 * (ListAccounts), of one root or organizational unit without its children (ListAccountsForParent), and the
 * units under a parent (ListOrganizationalUnitsForParent). Only the management account or a delegated
 * administrator may call them; other members get AccessDeniedException, an account outside any
 * organization AWSOrganizationsNotInUseException.
 */
import type {
  Account,
  ListAccountsForParentRequest,
  ListAccountsForParentResponse,
  ListAccountsRequest,
  ListAccountsResponse,
  ListOrganizationalUnitsForParentRequest,
  ListOrganizationalUnitsForParentResponse,
} from '@aws-sdk/client-organizations';
import type { SandboxOrganization } from '../file/types.js';
import { defineAction, type ActionContext, type ActionTable } from '../sim/action.js';
import { SimulatedError } from '../sim/errors.js';
import { hashHex } from '../sim/ids.js';

/** AWS documents 1..20 for MaxResults; the page it returns without one is not documented [unverified]. */
const MAX_PAGE = 20;

export interface OrganizationMember {
  readonly accountId: string;
  readonly name: string;
  readonly status: string;
}

/** The organization as the actions read it: its members (sorted by id) and where each one sits. */
export interface OrganizationDirectory {
  readonly organization: SandboxOrganization | undefined;
  members(): readonly OrganizationMember[];
}

const organizationsError = (code: string, message: string, status = 400): SimulatedError => new SimulatedError(code, message, status);

export const rootIdOf = (organization: SandboxOrganization): string =>
  organization.rootId ?? `r-${hashHex(`root/${organization.managementAccountId}`, 4)}`;

const organizationIdOf = (organization: SandboxOrganization): string => `o-${hashHex(`org/${organization.managementAccountId}`, 10)}`;

function authorized(directory: OrganizationDirectory, context: ActionContext): SandboxOrganization {
  const organization = directory.organization;
  if (organization === undefined) {
    throw organizationsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  const caller = context.caller.accountId;
  if (caller !== organization.managementAccountId && !(organization.delegatedAdministrators ?? []).includes(caller)) {
    throw organizationsError('AccessDeniedException', "You don't have permissions to access this resource.", 403);
  }
  return organization;
}

function page<T>(items: readonly T[], input: { MaxResults?: number | undefined; NextToken?: string | undefined }, action: string) {
  const limit = input.MaxResults ?? MAX_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw organizationsError('InvalidInputException', `You provided a value that does not match the required pattern: MaxResults must be between 1 and ${MAX_PAGE}.`);
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = /^(\w+):(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (decoded === null || decoded[1] !== action) throw organizationsError('InvalidInputException', 'The NextToken is not valid.');
    start = Number(decoded[2]);
  }
  const end = start + limit;
  const nextToken = end < items.length ? Buffer.from(`${action}:${end}`, 'utf8').toString('base64url') : undefined;
  return { items: items.slice(start, end), nextToken };
}

function render(organization: SandboxOrganization, member: OrganizationMember): Account {
  return {
    Id: member.accountId,
    Arn: `arn:aws:organizations::${organization.managementAccountId}:account/${organizationIdOf(organization)}/${member.accountId}`,
    Email: `aws+${member.accountId}@example.com`,
    Name: member.name,
    Status: member.status as Account['Status'],
  };
}

function parentOf(organization: SandboxOrganization, accountId: string): string {
  return (organization.organizationalUnits ?? []).find((unit) => (unit.accounts ?? []).includes(accountId))?.id ?? rootIdOf(organization);
}

function requireParent(organization: SandboxOrganization, parentId: string | undefined): string {
  const known = parentId === rootIdOf(organization) || (organization.organizationalUnits ?? []).some((unit) => unit.id === parentId);
  if (parentId === undefined || !known) {
    throw organizationsError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
  }
  return parentId;
}

export function organizationsActions(directory: OrganizationDirectory): ActionTable {
  return {
    ListAccounts: defineAction<ListAccountsRequest, ListAccountsResponse>({
      throttle: 'none',
      mutating: false,
      handler: (context, input) => {
        const organization = authorized(directory, context);
        const { items, nextToken } = page(directory.members(), input, 'ListAccounts');
        return { Accounts: items.map((member) => render(organization, member)), NextToken: nextToken };
      },
    }),
    ListAccountsForParent: defineAction<ListAccountsForParentRequest, ListAccountsForParentResponse>({
      throttle: 'none',
      mutating: false,
      handler: (context, input) => {
        const organization = authorized(directory, context);
        const parent = requireParent(organization, input.ParentId);
        const children = directory.members().filter((member) => parentOf(organization, member.accountId) === parent);
        const { items, nextToken } = page(children, input, 'ListAccountsForParent');
        return { Accounts: items.map((member) => render(organization, member)), NextToken: nextToken };
      },
    }),
    ListOrganizationalUnitsForParent: defineAction<ListOrganizationalUnitsForParentRequest, ListOrganizationalUnitsForParentResponse>({
      throttle: 'none',
      mutating: false,
      handler: (context, input) => {
        const organization = authorized(directory, context);
        const parent = requireParent(organization, input.ParentId);
        const root = rootIdOf(organization);
        const units = (organization.organizationalUnits ?? [])
          .filter((unit) => (unit.parentId ?? root) === parent)
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const { items, nextToken } = page(units, input, 'ListOrganizationalUnitsForParent');
        return {
          OrganizationalUnits: items.map((unit) => ({
            Id: unit.id,
            Name: unit.name ?? unit.id,
            Arn: `arn:aws:organizations::${organization.managementAccountId}:ou/${organizationIdOf(organization)}/${unit.id}`,
          })),
          NextToken: nextToken,
        };
      },
    }),
  };
}
