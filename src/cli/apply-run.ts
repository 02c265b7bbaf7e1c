/**
 * What `apply` and `destroy` share: get a plan (fresh, or a saved one that is still current), get approval,
 * run the executor with progress and interrupt handling, persist a sandbox, and report.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Account } from '../app/account.js';
import type { LoadedPolicy, PlanRun } from '../app/plan.js';
import type { ApplyOptions, ApplyResult } from '../aws/apply/index.js';
import { UserError } from '../core/errors.js';
import { noChanges } from '../render/vocabulary.js';
import type { OwnedDuplicate } from '../core/duplicates.js';
import type { ObservedAccount } from '../core/types/observed.js';
import type { Plan, PlanAccount } from '../core/types/plan.js';
import type { Policy } from '../core/types/policy.js';
import type { SavedPlan } from '../planfile/index.js';
import { accountOptions, type AccountArgs } from './account-options.js';
import { checkAccountsArgs, type AccountsArgs } from './accounts/options.js';
import { applyProgress } from './apply-progress.js';
import { bundledExample, copyCommand, DEMO_COPY } from './bundled-demo.js';
import { discoverAndPlan, renderPlan, type PlannerArgs } from './commands/plan.js';
import { confirm } from './confirm.js';
import { costCeilingError, type CostCeilingArgs } from './cost-ceiling.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { trapInterrupts } from './interrupt.js';
import { policyFileFor } from './policy-path.js';
import { formatApplyJson, formatApplyText } from './apply-report.js';
import { asPlanWarning, strictError, type StrictArgs } from './strict.js';

export interface ApplyArgs extends Omit<AccountArgs, 'config'>, PlannerArgs, StrictArgs, CostCeilingArgs, AccountsArgs {
  /** Undefined when not given: `apply PLANFILE` then checks the policy the plan was made from. */
  readonly config: string | undefined;
  readonly planfile: string | undefined;
  readonly autoApprove: boolean;
  readonly concurrency: number | undefined;
  readonly maxRate: number | undefined;
  readonly burst: number | undefined;
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
}

interface ApprovedPlan {
  readonly plan: Plan;
  readonly planId: string;
  /** What the executor checks every update and delete against: this run's discovery, not the plan. */
  readonly ownership: NonNullable<ApplyOptions['ownership']>;
}

/**
 * The executor's scope comes from the policy and the command line, never from the plan: a converge may touch
 * only the policy's regions, a destroy the regions it was asked for.
 */
function ownershipOf(policy: Policy, observed: ObservedAccount, regions: readonly string[], mode: Plan['mode']): ApprovedPlan['ownership'] {
  const allowed = mode === 'destroy' ? regions : regions.filter((region) => policy.regions.includes(region));
  return {
    observed,
    policyName: policy.name,
    accountId: observed.accountId,
    scope: { kind: 'regions', regions: allowed },
    ...(policy.adopt === undefined ? {} : { adopt: policy.adopt }),
  };
}

export async function runApply(args: ApplyArgs, context: CliContext, mode: 'converge' | 'destroy'): Promise<ExitCode> {
  const json = args.format === 'json';
  const { openAccount, saveSandbox } = await import('../app/account.js');
  const account = await openAccount(accountOptions(args));
  refuseBundledDemo(account);

  let approved: ApprovedPlan | undefined;
  if (args.planfile === undefined) {
    const config = policyFileFor(args.config, context.io);
    const { loadPolicyOrThrow } = await import('../policy/load.js');
    const loaded = await loadPolicyOrThrow(config);
    checkAccountsArgs(args, loaded.policy, config);
    if (loaded.policy.memberAccounts !== undefined) {
      const { applyAccountsCommand } = await import('./accounts/apply-command.js');
      return applyAccountsCommand({ ...args, config }, context, mode, account, loaded);
    }
    approved = await planAndApprove({ ...args, config }, context, mode, account, loaded);
  } else {
    const { readAnyPlanFile } = await import('../planfile/index.js');
    const read = await readAnyPlanFile(args.planfile);
    if (read.kind === 'accounts') {
      const { applySavedAccounts } = await import('./accounts/apply-saved.js');
      return applySavedAccounts({ ...args, planfile: args.planfile }, context, read.saved, account);
    }
    approved = await loadCurrentPlan(args.planfile, read.saved, args, context, account);
  }
  if (approved === undefined) return ExitCode.Error;
  // A saved plan is checked here; a fresh one was checked before the approval question.
  if (args.planfile !== undefined) throwIf(costCeilingError(approved.plan, args.maxMonthlyCostIncrease, true));
  if (approved.plan.actions.length === 0) {
    if (json) context.io.stdout.write(formatApplyJson(approved.plan, emptyResult()));
    // A fresh plan already ended with the verdict; a saved one has not been printed.
    else if (args.planfile !== undefined) context.io.stdout.write(`\n${noChanges(approved.plan)}\n`);
    return ExitCode.Ok;
  }

  const { applyPlan } = await import('../aws/apply/index.js');
  const progress = applyProgress(context);
  const interrupt = trapInterrupts(context);
  let result: ApplyResult;
  try {
    result = await applyPlan(approved.plan, account.writers, {
      planId: approved.planId,
      ownership: approved.ownership,
      signal: interrupt.signal,
      abandon: interrupt.abandon,
      onEvent: progress.onEvent,
      ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
      ...(args.maxRate === undefined ? {} : { maxRate: args.maxRate }),
      ...(args.burst === undefined ? {} : { burst: args.burst }),
    });
  } finally {
    interrupt.dispose();
    progress.clear();
    // Whatever happened, the sandbox keeps what was done, exactly as AWS would.
    await saveSandbox(account);
  }
  const finished = result.counts.failed === 0 && result.counts.skipped === 0 && !result.interrupted && result.counts.notStarted === 0;
  // Converged means no owned duplicates either (a concurrent or interrupted run's copies, or copies something
  // still uses). They are reported, not deleted here: deleting them was not in the plan that was approved.
  const duplicates = finished && mode === 'converge' ? await remainingDuplicates(account, approved.plan) : [];
  context.io.stdout.write(
    json
      ? formatApplyJson(approved.plan, result, duplicates)
      : formatApplyText(approved.plan, result, approved.plan.mode, context.colors, args.verbose, duplicates),
  );
  return finished && duplicates.length === 0 ? ExitCode.Ok : ExitCode.Error;
}

async function planAndApprove(
  args: ApplyArgs,
  context: CliContext,
  mode: 'converge' | 'destroy',
  account: Account,
  loaded: LoadedPolicy,
): Promise<ApprovedPlan | undefined> {
  const run = await discoverAndPlan(args, context, mode, account, loaded);
  if (args.format === 'text') context.io.stdout.write(await renderPlan(run.plan, 'text', args.verbose, context));
  throwIf(costCeilingError(run.plan, args.maxMonthlyCostIncrease, true));
  refuseUnderStrict(args, context, run);
  const approved = { plan: run.plan, planId: randomUUID(), ownership: ownershipOf(run.policy, run.observed, run.regions, mode) };
  if (run.plan.actions.length === 0 || args.autoApprove) return approved;
  return (await approve(args, context, mode, run.policy.name)) ? approved : undefined;
}

/** Asks for "yes" on the terminal; refused without one (or with --format json). */
export async function approve(args: ApplyArgs, context: CliContext, mode: 'converge' | 'destroy', policyName: string): Promise<boolean> {
  // Refused only now: with nothing to do, a pipeline without a terminal has nothing to approve.
  refuseWithoutApprover(args, context, mode);
  const question =
    mode === 'destroy'
      ? '\nDo you really want to destroy everything this policy owns?\n  Only resources tagged mirrorctl:policy=' +
        `${policyName} are deleted; there is no undo. Only 'yes' will be accepted to confirm.\n\n  Enter a value: `
      : "\nDo you want to perform these actions?\n  mirrorctl will perform the actions described above. Only 'yes' will be accepted to approve.\n\n  Enter a value: ";
  if (await confirm(context.io, question)) return true;
  context.io.stderr.write(`${mode === 'destroy' ? 'Destroy' : 'Apply'} cancelled.\n`);
  return false;
}

function refuseWithoutApprover(args: ApplyArgs, context: CliContext, mode: 'converge' | 'destroy'): void {
  if (args.format === 'json') {
    throw new UserError('--format json cannot ask for approval', {
      hint: 'apply a saved plan (mirrorctl plan --out plan.json; mirrorctl apply plan.json) or pass --auto-approve',
    });
  }
  if (!context.io.stdinIsTTY) {
    throw new UserError(`${mode === 'destroy' ? 'destroy' : 'apply'} needs approval, and there is no terminal to ask on`, {
      hint: 'pass --auto-approve, or apply a saved, reviewed plan: mirrorctl plan --out plan.json; mirrorctl apply plan.json',
    });
  }
}

/**
 * A saved plan is carried out only if planning again now, from the current policy and account, gives
 * exactly its actions; the fresh plan is then the one executed, so the executor works from what was just
 * observed rather than from what the file says.
 */
async function loadCurrentPlan(
  path: string,
  saved: SavedPlan,
  args: ApplyArgs,
  context: CliContext,
  account: Account,
): Promise<ApprovedPlan> {
  const [{ checkPlanIsCurrent, checkPlanScope, savedPlanOptions }, { loadPolicyOrThrow }, { selectRegions }] =
    await Promise.all([import('../planfile/index.js'), import('../policy/load.js'), import('../app/plan.js')]);
  const { identifyCaller, checkPlanAccount } = await import('../app/identity.js');
  // -c and --region, when given, must describe the plan being applied: checked, never silently ignored.
  const policyFile =
    args.config === undefined || resolve(args.config) === resolve(saved.policy.file) ? saved.policy.file : args.config;
  const { policy } = await loadPolicyOrThrow(policyFile);
  const regions = args.region === undefined || args.region.length === 0 ? saved.regions : selectRegions(policy, args.region, saved.mode);
  checkPlanScope(saved, {
    policyFile,
    policyName: policy.name,
    policyRegions: policy.regions,
    regions,
    allowEmptyEntries: args.allowEmptyEntries,
    targets: args.target,
    cleanupLegacyTags: args.cleanupLegacyTags,
  });
  // Before any other read: the reviewed plan is for one account, and the policy may be pinned.
  const caller = await identifyCaller(account.readers, { region: regions[0] ?? '', policy, policyFile });
  checkPlanAccount(saved.plan.account ?? accountOfOlderPlan(saved.accountId), caller, path);
  const { allowEmptyEntries, targets, cleanupLegacyTags } = savedPlanOptions(saved);
  const run = await discoverAndPlan(
    {
      ...args,
      config: policyFile,
      region: [...regions],
      allowEmptyEntries,
      target: targets === undefined ? undefined : [...targets],
      cleanupLegacyTags: cleanupLegacyTags === true,
    },
    context,
    saved.mode,
    account,
  );
  checkPlanIsCurrent(saved, {
    policyFile,
    policySha256: run.policySha256,
    accountId: caller.accountId,
    observed: run.observed,
    plan: run.plan,
  });
  refuseUnderStrict(args, context, run);
  if (args.format === 'text') {
    context.io.stdout.write(`Applying the saved plan ${path} (${run.plan.actions.length} actions, made ${saved.createdAt}).\n`);
  }
  return { plan: run.plan, planId: saved.planId, ownership: ownershipOf(run.policy, run.observed, run.regions, saved.mode) };
}

/** Before approval and before anything is applied; with --format json the result document says why. */
function refuseUnderStrict(args: ApplyArgs, context: CliContext, run: PlanRun): void {
  const refused = strictError(args, run, 'nothing was applied');
  if (refused === undefined) return;
  if (args.format === 'json') {
    const warnings = [...run.policyWarnings.map(asPlanWarning), ...run.plan.warnings];
    context.io.stdout.write(formatApplyJson(run.plan, emptyResult(), [], { warnings }));
  }
  throw refused;
}

/** A plan saved before plans named their account still carries the id discovery saw. */
function accountOfOlderPlan(accountId: string | undefined): PlanAccount | undefined {
  return accountId === undefined ? undefined : { id: accountId, callerArn: '' };
}

async function remainingDuplicates(account: Account, plan: Plan): Promise<OwnedDuplicate[]> {
  const { findOwnedDuplicates } = await import('../aws/owned-duplicates.js');
  return findOwnedDuplicates((region) => account.readers.ec2(region), plan.regions, {
    policyName: plan.policyName,
    accountId: plan.account?.id,
  });
}

/** The committed demo account must stay as it is, so the README's quick start keeps showing the same plan. */
export function refuseBundledDemo(account: Account): void {
  if (account.sandbox === undefined) return;
  const shown = bundledExample(account.sandbox.path);
  if (shown !== undefined) {
    throw new UserError(`${shown} is a bundled example account; mirrorctl will not rewrite it`, {
      hint: `copy it first and apply to the copy: ${copyCommand(shown)} && mirrorctl apply --sandbox ${DEMO_COPY} …`,
    });
  }
}

function throwIf(error: Error | undefined): void {
  if (error !== undefined) throw error;
}

export function emptyResult(): ApplyResult {
  return {
    outcomes: [],
    counts: { added: 0, changed: 0, destroyed: 0, failed: 0, skipped: 0, notStarted: 0 },
    apiCalls: 0,
    throttles: 0,
    retries: 0,
    durationMs: 0,
    interrupted: false,
  };
}
