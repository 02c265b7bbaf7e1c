/**
 * `mirrorctl apply FILE` for a plan saved over several accounts: every account of the plan is planned again
 * from the current policy and its current state, and compared with its saved plan exactly as a
 * single-account saved plan is. Only when every account still matches is anything applied (with
 * --continue-on-account-error, the accounts that match are applied and the others reported).
 */
import { resolve } from 'node:path';
import type { Account } from '../../app/account.js';
import type { PlannedAccount } from '../../app/accounts/plan-accounts.js';
import { isUserError, UserError } from '../../core/errors.js';
import type { AccountsPlan } from '../../core/types/accounts-plan.js';
import type { AccountsSavedPlan, SavedAccountEntry } from '../../planfile/index.js';
import { accountOptions } from '../account-options.js';
import type { ApplyArgs } from '../apply-run.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { reportPolicyWarnings } from '../policy-warnings.js';
import { costCeilingError } from '../cost-ceiling.js';
import { strictError } from '../strict.js';
import { checkAccountsArgs } from './options.js';
import { executeAccounts } from './execute.js';

type PlannedEntry = Extract<SavedAccountEntry, { status: 'planned' }>;

type Checked = { readonly entry: PlannedEntry; readonly planned: PlannedAccount } | { readonly entry: PlannedEntry; readonly error: UserError };

export async function applySavedAccounts(
  args: ApplyArgs & { readonly planfile: string },
  context: CliContext,
  saved: AccountsSavedPlan,
  caller: Account,
): Promise<ExitCode> {
  const path = args.planfile;
  const [{ loadPolicyOrThrow }, { selectRegions }, { checkPlanScope, checkPlanIsCurrent, savedPlanOptions }] = await Promise.all([
    import('../../policy/load.js'),
    import('../../app/plan.js'),
    import('../../planfile/index.js'),
  ]);
  const policyFile = args.config === undefined || resolve(args.config) === resolve(saved.policy.file) ? saved.policy.file : args.config;
  const loaded = await loadPolicyOrThrow(policyFile);
  const members = loaded.policy.memberAccounts;
  if (members === undefined) {
    throw new UserError(`${path} is a plan over several accounts, but the policy ${policyFile} plans the caller's account only. Nothing was changed.`, {
      hint: 'apply it with the policy it was made from, or make and review a new plan',
    });
  }
  checkAccountsArgs(args, loaded.policy, policyFile);
  reportPolicyWarnings(loaded.warnings, context);
  const regions = args.region === undefined || args.region.length === 0 ? saved.regions : selectRegions(loaded.policy, args.region, saved.mode);
  const entries = selectedAccounts(saved, args.account, path);
  const first = entries[0];
  if (first !== undefined) {
    checkPlanScope(first.saved, {
      policyFile,
      policyName: loaded.policy.name,
      policyRegions: loaded.policy.regions,
      regions,
      allowEmptyEntries: args.allowEmptyEntries,
      targets: args.target,
    });
  }
  const [{ readCallerIdentity }, { openMemberAccount }, { planAccount }, { mapLimited }, { SharedInstanceTypes }] = await Promise.all([
    import('../../aws/identity.js'),
    import('../../app/accounts/member.js'),
    import('../../app/accounts/plan-accounts.js'),
    import('../../aws/discover/limit.js'),
    import('../../aws/discover/instance-types.js'),
  ]);
  const identity = await readCallerIdentity(caller.readers, regions[0] ?? '');
  const options = accountOptions(args);
  const instanceTypes = new SharedInstanceTypes();
  const checked = await mapLimited(entries, args.accountConcurrency ?? 8, async (entry): Promise<Checked> => {
    const member = openMemberAccount(caller, options, { accountId: entry.accountId, members, region: regions[0] ?? '', callerArn: identity.arn });
    try {
      const planned = await planAccount(member, {
        configPath: policyFile,
        file: loaded,
        mode: saved.mode,
        regions,
        allowEmptyEntries: savedPlanOptions(entry.saved).allowEmptyEntries,
        ...(savedPlanOptions(entry.saved).targets === undefined ? {} : { targets: savedPlanOptions(entry.saved).targets }),
        // Named as when it was planned: by Organizations, or by its IAM alias.
        named: entry.name !== undefined,
        instanceTypes,
      });
      const { run } = planned;
      checkPlanIsCurrent(entry.saved, { policyFile, policySha256: run.policySha256, accountId: member.accountId, observed: run.observed, plan: run.plan });
      context.io.stderr.write(`${context.colors.dim('Checked')} account ${entry.accountId}: the saved plan still holds\n`);
      return { entry, planned };
    } catch (error) {
      if (!isUserError(error)) throw error;
      context.io.stderr.write(`${context.colors.red('Stale')} account ${entry.accountId}\n`);
      return { entry, error };
    }
  });
  const stale = checked.filter((item): item is Extract<Checked, { error: UserError }> => 'error' in item);
  if (stale.length > 0 && args.continueOnAccountError !== true) {
    const lines = stale.map((item) => `  - account ${item.entry.accountId}: ${item.error.message.replace(/\n/g, '\n    ')}`);
    throw new UserError(
      `The saved plan ${path} was not applied: ${stale.length} of ${checked.length} accounts no longer match it or could not be planned. ` +
        `Nothing was changed.\n${lines.join('\n')}`,
      { hint: 'run `mirrorctl plan --out FILE` again, review the new plan and apply that one; or pass --continue-on-account-error to apply the accounts that still match' },
    );
  }
  const current = new Map(checked.flatMap((item) => ('planned' in item ? [[item.entry.accountId, item.planned] as const] : [])));
  const plans = [...current.values()].map(({ run }) => run);
  const refused = strictError(args, { policyWarnings: loaded.warnings, plan: { warnings: plans.flatMap((run) => run.plan.warnings) } }, 'nothing was applied');
  if (refused !== undefined) throw refused;
  const increase = plans.reduce((sum, run) => sum + run.plan.cost.monthlyDelta, 0);
  const base = plans[0]?.plan;
  if (base !== undefined) {
    const overCeiling = costCeilingError({ ...base, cost: { ...base.cost, monthlyDelta: increase, byRegion: plans.flatMap((run) => run.plan.cost.byRegion) } }, args.maxMonthlyCostIncrease, true);
    if (overCeiling !== undefined) throw overCeiling;
  }
  if (args.format === 'text') {
    const actions = plans.reduce((sum, run) => sum + run.plan.actions.length, 0);
    context.io.stdout.write(`Applying the saved plan ${path} (${actions} actions in ${current.size} accounts, made ${saved.createdAt}).\n`);
  }
  const notApplied = notAppliedPlan(saved, stale);
  const converged = await executeAccounts(args, context, { accounts: current, planId: saved.planId, caller, mode: saved.mode, failed: notApplied });
  const failed = notApplied.accounts.filter((entry) => entry.status === 'failed').map((entry) => entry.accountId);
  if (failed.length > 0) {
    throw new UserError(`${failed.length} accounts of the saved plan were not applied (${failed.join(', ')}): they were not planned, or no longer match it.`, {
      hint: 'see why above; plan them again and review the new plan',
    });
  }
  return converged ? ExitCode.Ok : ExitCode.Error;
}

/** The plan's planned accounts, or those `--account` names (each must be one of them). */
function selectedAccounts(saved: AccountsSavedPlan, only: readonly string[] | undefined, path: string): PlannedEntry[] {
  const planned = saved.accounts.filter((entry): entry is PlannedEntry => entry.status === 'planned');
  if (only === undefined || only.length === 0) return planned;
  const outside = only.filter((id) => !planned.some((entry) => entry.accountId === id));
  if (outside.length > 0) {
    throw new UserError(`--account ${outside.join(', ')}: not planned in ${path}, which holds ${planned.map((entry) => entry.accountId).join(', ') || 'no account'}. Nothing was changed.`, {
      hint: 'apply the accounts the plan holds, or make a new plan for those accounts',
    });
  }
  return planned.filter((entry) => only.includes(entry.accountId));
}

/** For the report: the accounts the saved plan could not plan, and those no longer matching it. */
function notAppliedPlan(saved: AccountsSavedPlan, stale: readonly { readonly entry: PlannedEntry; readonly error: UserError }[]): AccountsPlan {
  const staleById = new Map(stale.map((item) => [item.entry.accountId, item.error]));
  return {
    formatVersion: 1,
    policyName: saved.policy.name,
    mode: saved.mode,
    regions: saved.regions,
    callerArn: saved.callerArn,
    accounts: saved.accounts.flatMap((entry) => {
      const base = { accountId: entry.accountId, roleArn: entry.roleArn };
      if (entry.status === 'failed') return [{ ...base, status: 'failed' as const, error: entry.error }];
      const error = staleById.get(entry.accountId);
      return error === undefined ? [] : [{ ...base, status: 'failed' as const, error: { message: error.message } }];
    }),
    left: saved.left,
    warnings: [],
  };
}
