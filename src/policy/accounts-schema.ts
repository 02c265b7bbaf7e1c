/**
 * `accounts:`: which AWS accounts the policy is for. A list of ids pins the policy to them (credentials
 * for any other account are refused). The object form names the accounts mirrorctl reaches itself, by
 * assuming a role in each: ids and/or an organization's units, minus exclusions.
 */
import * as z from 'zod';
import { ACCOUNT_ID_PATTERN, checkAccountId } from './ids.js';
import { ALWAYS, arrayAt, isRecord, recordAt, report, type Ctx } from './report.js';

/**
 * A checked account id, still as written (a 12-digit number is accepted): without a transform, so that the
 * JSON Schema keeps the defaults of the sections that hold one; normalise.ts turns it into text.
 */
const checkedAccountId = z
  .union([z.string(), z.number()])
  .superRefine((value, ctx) => {
    const problem = checkAccountId(value);
    if (problem !== undefined) report(ctx, problem);
  })
  .meta({ type: 'string', pattern: ACCOUNT_ID_PATTERN, description: 'A 12-digit AWS account id, quoted.' });

export const accountId = checkedAccountId.transform(String);

function checkUnique(what: string) {
  return (accounts: readonly string[], ctx: Ctx): void => {
    accounts.forEach((account, index) => {
      if (accounts.indexOf(account) !== index) {
        report(ctx, { code: `duplicate-${what}`, message: `${what.replace('-', ' ')} ${account} is listed twice` }, [index]);
      }
    });
  };
}

const accountList = z
  .array(accountId)
  .superRefine((accounts, ctx) => {
    if (accounts.length === 0) {
      report(ctx, {
        code: 'no-accounts',
        message: 'the account list is empty, so no account could be planned',
        hint: 'list the account ids this policy is for, or remove "accounts" to allow any account',
      });
    }
    checkUnique('account')(accounts, ctx);
  })
  .meta({
    description: 'Only plan and apply with credentials for one of these accounts; default any account.',
    minItems: 1,
    uniqueItems: true,
  });

export const ORGANIZATION_PARENT_PATTERN = '^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$';
const ROLE_NAME_PATTERN = '^[\\w+=,.@-]{1,64}$';
const EXTERNAL_ID_PATTERN = '^[\\w+=,.@:/-]{2,1224}$';
export const SESSION_NAME_PATTERN = '^[\\w+=,.@-]{2,64}$';

const patterned = (pattern: string, code: string, what: string, hint: string, description: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      if (!new RegExp(pattern).test(value)) report(ctx, { code, message: `${JSON.stringify(value)} is not ${what}`, hint });
    })
    .meta({ pattern, description });

const organization = z
  .strictObject({
    organizationalUnits: z
      .array(
        patterned(
          ORGANIZATION_PARENT_PATTERN,
          'invalid-organizational-unit',
          'an organizational unit or root id',
          'write an id such as "ou-ab12-cd34ef56" or the root "r-ab12" (aws organizations list-roots)',
          'An organizational unit (its accounts, and those of the units under it) or the root (every account).',
        ),
      )
      .superRefine(checkUnique('organizational-unit'))
      .meta({ description: 'Units whose accounts the policy manages; default the whole organization.', minItems: 1, uniqueItems: true })
      .optional(),
    exclude: z
      .array(accountId)
      .superRefine(checkUnique('excluded-account'))
      .meta({ description: 'Accounts of those units the policy never touches.', uniqueItems: true })
      .default([]),
  })
  .meta({
    description:
      "Accounts of the organization, listed with AWS Organizations: mirrorctl must run in the management account or a delegated administrator's.",
  });

const reachedAccounts = z
  .strictObject({
    ids: accountList
      .meta({ description: 'Accounts named by id.', minItems: 1, uniqueItems: true })
      .optional(),
    organization: organization.optional(),
    roleName: patterned(
      ROLE_NAME_PATTERN,
      'invalid-role-name',
      'an IAM role name',
      'use 1 to 64 letters, digits or + = , . @ _ -',
      'The role mirrorctl assumes in each account: arn:aws:iam::<account>:role/<roleName>.',
    ),
    externalId: patterned(
      EXTERNAL_ID_PATTERN,
      'invalid-external-id',
      'an external id',
      'use 2 to 1224 letters, digits or + = , . @ : / _ -',
      "The sts:ExternalId the role's trust policy requires.",
    ).optional(),
    sessionName: patterned(
      SESSION_NAME_PATTERN,
      'invalid-session-name',
      'an STS role session name',
      'use 2 to 64 letters, digits or + = , . @ _ -',
      'The role session name, seen in CloudTrail; default mirrorctl-<policy name>.',
    ).optional(),
  })
  .superRefine(checkReachedAccounts, ALWAYS)
  .meta({ description: 'The accounts mirrorctl plans and applies in, each through a role it assumes there.' });

function checkReachedAccounts(value: unknown, ctx: Ctx): void {
  if (!isRecord(value)) return;
  const organizationValue = recordAt(value, 'organization');
  if (value['ids'] === undefined && organizationValue === undefined) {
    report(ctx, {
      code: 'no-accounts',
      message: 'accounts names no account: give "ids", "organization", or both',
      hint: 'e.g. ids: ["123456789012"], or organization: { organizationalUnits: [ou-ab12-cd34ef56] }',
    });
  }
  const ids = arrayAt(value, 'ids').map(String);
  arrayAt(organizationValue, 'exclude').forEach((excluded, index) => {
    if (ids.includes(String(excluded))) {
      report(
        ctx,
        {
          code: 'account-excluded-and-listed',
          message: `account ${String(excluded)} is both listed under ids and excluded`,
          hint: 'remove it from one of the two lists',
        },
        ['organization', 'exclude', index],
      );
    }
  });
}

export const accountsSchema = z
  .union([accountList, reachedAccounts])
  .meta({
    description:
      'The AWS accounts this policy is for: a list of ids pins it to them; the object form plans and applies in each of them through an assumed role.',
  });

export const entryAccounts = z
  .array(checkedAccountId)
  .superRefine((written, ctx) => {
    const accounts = written.map(String);
    if (accounts.length === 0) {
      report(ctx, { code: 'no-accounts', message: 'the entry names no account, so it would tap nothing', hint: 'list its accounts, or remove "accounts" to apply it to all' });
    }
    checkUnique('account')(accounts, ctx);
  })
  .meta({ description: "Only in these of the policy's accounts; default all of them.", minItems: 1, uniqueItems: true });

export const targetAccount = checkedAccountId.meta({
  type: 'string',
  pattern: ACCOUNT_ID_PATTERN,
  description:
    "The account that holds this target's interface or endpoint: in a policy for several accounts, only that account creates it. A load balancer's account is read from its ARN.",
});
