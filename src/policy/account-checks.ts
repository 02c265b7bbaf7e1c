/**
 * What relates `accounts:` to the rest of the policy, checked offline as far as the policy alone tells:
 * entries and targets name only accounts the policy is for, and an entry sends traffic only to a target its
 * accounts can reach (a load balancer belongs to the account in its ARN; another account reaches it only
 * through a mirror target shared with RAM, referenced by trafficMirrorTargetId).
 */
import { parseNlbArn } from './ids.js';
import { quote } from './quote.js';
import { arrayAt, isRecord, recordAt, report, stringAt, type Ctx } from './report.js';

/** The accounts the policy is for, when the policy itself lists them all (no organization to resolve). */
function listedAccounts(policy: unknown): readonly string[] | undefined {
  const accounts = isRecord(policy) ? policy['accounts'] : undefined;
  if (Array.isArray(accounts)) return accounts.map(String);
  if (!isRecord(accounts) || accounts['organization'] !== undefined) return undefined;
  return arrayAt(accounts, 'ids').map(String);
}

/** The one account a target is in, when the policy says: its `account`, or its load balancer's. */
export function targetHome(target: unknown): string | undefined {
  const explicit = isRecord(target) && target['account'] !== undefined ? String(target['account']) : undefined;
  const arn = stringAt(target, 'networkLoadBalancerArn');
  const parsed = arn === undefined ? undefined : parseNlbArn(arn);
  return explicit ?? (parsed?.ok === true ? parsed.arn.accountId : undefined);
}

export function checkAccountReferences(policy: unknown, ctx: Ctx): void {
  const listed = listedAccounts(policy);
  const reached = isRecord(policy) && isRecord(policy['accounts']);
  const targets = recordAt(policy, 'targets') ?? {};
  const notListed = (account: string) => ({
    code: 'account-not-in-policy',
    message: `account ${account} is not one of the policy's accounts (${(listed ?? []).join(', ')})`,
    hint: `add "${account}" to accounts:, or remove it here`,
  });
  for (const [name, target] of Object.entries(targets)) {
    if (!isRecord(target) || target['account'] === undefined) continue;
    const account = String(target['account']);
    if (listed !== undefined && !listed.includes(account)) report(ctx, notListed(account), ['targets', name, 'account']);
    const arn = stringAt(target, 'networkLoadBalancerArn');
    const parsed = arn === undefined ? undefined : parseNlbArn(arn);
    if (parsed?.ok === true && parsed.arn.accountId !== account) {
      report(
        ctx,
        {
          code: 'target-account-mismatch',
          message: `this target's load balancer is in account ${parsed.arn.accountId}, not ${account}`,
          hint: 'remove "account": a load balancer target belongs to the account in its ARN',
        },
        ['targets', name, 'account'],
      );
    }
  }
  for (const [index, entry] of arrayAt(policy, 'vpcs').entries()) {
    const own = arrayAt(entry, 'accounts').map(String);
    if (listed !== undefined) {
      own.forEach((account, position) => {
        if (!listed.includes(account)) report(ctx, notListed(account), ['vpcs', index, 'accounts', position]);
      });
    }
    if (!reached) continue;
    const targetName = stringAt(entry, 'target');
    const home = targetName === undefined ? undefined : targetHome(targets[targetName]);
    const applies = own.length > 0 ? own : listed;
    const elsewhere = home === undefined || applies === undefined ? [] : applies.filter((account) => account !== home);
    if (elsewhere.length === 0) continue;
    report(
      ctx,
      {
        code: 'target-in-another-account',
        message:
          `target ${quote(targetName)} is in account ${home}, but this entry also applies to ${elsewhere.join(', ')}, ` +
          'where no session can send to it',
        hint:
          `give the entry accounts: ["${home ?? ''}"], or share a mirror target on it from ${home} with AWS RAM and ` +
          'reference it with trafficMirrorTargetId',
      },
      own.length > 0 ? ['vpcs', index, 'accounts'] : ['vpcs', index, 'target'],
    );
  }
}
