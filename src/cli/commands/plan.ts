/** `mirrorctl plan`: discover the account and show exactly what apply would change. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { PlanRun } from '../../app/plan.js';
import type { Plan } from '../../core/types/plan.js';
import { accountOptions, withAccountOptions, type AccountArgs } from '../account-options.js';
import { checkAccountsArgs, withAccountsOptions, type AccountsArgs } from '../accounts/options.js';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { bundledExample, copyCommand, DEMO_COPY } from '../bundled-demo.js';
import { costCeilingError, withCostCeiling, type CostCeilingArgs } from '../cost-ceiling.js';
import { ExitCode } from '../exit-codes.js';
import { policyFileFor } from '../policy-path.js';
import { reportPolicyWarnings } from '../policy-warnings.js';
import { strictError, strictOption, type StrictArgs } from '../strict.js';

export type PlanFormat = 'text' | 'json' | 'markdown';

export type { PlanArgs };

/** Command-line options that change what the planner decides (a saved plan carries them). */
export interface PlannerArgs {
  /** Undefined when not given: `apply PLANFILE` then plans as the saved plan was made. */
  readonly allowEmptyEntries?: boolean | undefined;
  /** `--target`, repeatable; undefined when not given. */
  readonly target?: string[] | undefined;
  /** The same, for `--cleanup-legacy-tags`. */
  readonly cleanupLegacyTags?: boolean | undefined;
}

export const targetOption = {
  type: 'string',
  array: true,
  requiresArg: true,
  describe:
    'Only the sessions of this vpcs entry (its key), VPC, instance or interface, and what they need (repeatable); nothing else is changed or deleted',
} as const;

export const allowEmptyEntriesOption = {
  type: 'boolean',
  describe:
    'Delete the sessions of a vpcs entry that matches nothing (no VPC, or no target, found); by default they are kept, with a warning',
} as const;

export const cleanupLegacyTagsOption = {
  type: 'boolean',
  describe:
    "Remove the other tool's markers (Vectra's Creator=Vectra:Tap, adopt.sessions.tags) from what is adopted, and from what was; by default they are kept, so a rollback still works",
} as const;

interface PlanArgs extends AccountArgs, PlannerArgs, StrictArgs, CostCeilingArgs, AccountsArgs {
  readonly destroy: boolean;
  readonly format: PlanFormat;
  readonly out: string | undefined;
  readonly detailedExitcode: boolean;
  readonly verbose: boolean;
}

export const planCommand = defineCommand<PlanArgs>((context) => ({
  command: 'plan',
  describe: 'Discover the account and show what apply would create, change and delete',
  builder: (cli: Argv<GlobalArgs>) =>
    withAccountsOptions(withCostCeiling(withAccountOptions(cli)))
      .option('destroy', { type: 'boolean', default: false, describe: 'Plan the removal of everything the policy owns' })
      .option('format', {
        alias: 'f',
        choices: ['text', 'json', 'markdown'] as const,
        default: 'text' as const,
        describe: 'text for people, json for machines, markdown for a pull-request comment',
      })
      .option('out', { alias: 'o', type: 'string', requiresArg: true, describe: 'Save the plan for `mirrorctl apply FILE`' })
      .option('detailed-exitcode', {
        type: 'boolean',
        default: false,
        describe: 'Exit 0 when there are no changes, 2 when there are, 1 on error',
      })
      .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'List every change and skipped interface' })
      .option('allow-empty-entries', allowEmptyEntriesOption)
      .option('target', targetOption)
      .option('cleanup-legacy-tags', cleanupLegacyTagsOption)
      .option('strict', strictOption)
      .example('$0 plan --sandbox examples/sandbox/demo-account.yaml -c examples/sandbox/mirror.config.yaml', 'Plan against the bundled demo account')
      .example('$0 plan --format markdown > plan.md', 'A plan for a pull-request comment')
      .example('$0 plan --out plan.json && $0 apply plan.json', 'Review, then apply exactly what was reviewed')
      .example('$0 plan --detailed-exitcode', 'In CI: exit 2 when the account drifted from the policy')
      .example('$0 plan --target i-0123456789abcdef0', "Only that instance's sessions, and what they need")
      .example('$0 plan --strict --out plan.json', 'In CI: any warning fails the run, and no plan is saved') as unknown as Argv<PlanArgs>,
  handler: async (args: ArgumentsCamelCase<PlanArgs>) => {
    context.exitCode = await plan(args, context);
  },
}));

async function plan(args: PlanArgs, context: CliContext): Promise<ExitCode> {
  const config = policyFileFor(args.config, context.io);
  const { loadPolicyOrThrow } = await import('../../policy/load.js');
  const loaded = await loadPolicyOrThrow(config);
  checkAccountsArgs(args, loaded.policy, config);
  if (loaded.policy.memberAccounts !== undefined) {
    const { planAccountsCommand } = await import('../accounts/plan-command.js');
    return planAccountsCommand({ ...args, config }, context, loaded);
  }
  const run = await discoverAndPlan({ ...args, config }, context, args.destroy ? 'destroy' : 'converge', undefined, loaded);
  const refused = strictError(args, run, args.out === undefined ? undefined : `the plan was not saved to ${args.out}`);
  if (args.out !== undefined && refused === undefined) await savePlan(run, args.out, args.format, context);
  const status = args.strict ? { status: refused === undefined ? ('ok' as const) : ('error' as const) } : {};
  context.io.stdout.write(await renderPlan(run.plan, args.format, args.verbose, context, status));
  // After the plan, so the reader sees what the warnings are about; an error exits 1 whatever --detailed-exitcode says.
  if (refused !== undefined) throw refused;
  if (args.out !== undefined && args.format === 'text') {
    context.io.stdout.write(`\nSaved the plan to: ${args.out}\n${applyHint(args, args.out)}`);
  }
  // After the plan is shown: the reviewer sees what costs that much.
  const overCeiling = costCeilingError(run.plan, args.maxMonthlyCostIncrease, false);
  if (overCeiling !== undefined) throw overCeiling;
  const changes = run.plan.actions.length > 0;
  return args.detailedExitcode && changes ? ExitCode.ChangesPresent : ExitCode.Ok;
}

/** The command that applies the saved plan; a bundled example account is applied through a copy. */
export function applyHint(args: AccountArgs, planFile: string): string {
  const run = 'To perform exactly these actions, run:\n';
  if (args.sandbox === undefined) return `${run}    mirrorctl apply ${planFile}\n`;
  const bundled = bundledExample(args.sandbox);
  if (bundled === undefined) return `${run}    mirrorctl apply ${planFile} --sandbox ${args.sandbox}\n`;
  return (
    `${bundled} is bundled with mirrorctl and never rewritten; to perform exactly these actions on a copy, run:\n` +
    `    ${copyCommand(bundled)}\n    mirrorctl apply ${planFile} --sandbox ${DEMO_COPY}\n`
  );
}

/** Loads the policy, discovers the account (with progress on stderr) and plans. Used by plan, apply and destroy. */
export async function discoverAndPlan(
  args: AccountArgs & PlannerArgs,
  context: CliContext,
  mode: 'converge' | 'destroy',
  account?: import('../../app/account.js').Account,
  loaded?: import('../../app/plan.js').LoadedPolicy,
): Promise<PlanRun> {
  const [{ openAccount }, { buildPlan }, { discoveryReporter }] = await Promise.all([
    import('../../app/account.js'),
    import('../../app/plan.js'),
    import('../discovery-progress.js'),
  ]);
  const progress = discoveryReporter(context);
  try {
    const run = await buildPlan({
      configPath: policyFileFor(args.config, context.io),
      account: account ?? (await openAccount(accountOptions(args))),
      mode,
      ...(args.region === undefined ? {} : { regions: args.region }),
      ...(args.allowEmptyEntries === undefined ? {} : { allowEmptyEntries: args.allowEmptyEntries }),
      ...(args.target === undefined ? {} : { targets: args.target }),
      ...(args.cleanupLegacyTags === undefined ? {} : { cleanupLegacyTags: args.cleanupLegacyTags }),
      ...(loaded === undefined ? {} : { loaded }),
      onProgress: progress.onProgress,
    });
    progress.finish(run.observed);
    reportPolicyWarnings(run.policyWarnings, context);
    return run;
  } catch (error) {
    progress.abort();
    throw error;
  }
}

export async function renderPlan(
  plan: Plan,
  format: PlanFormat,
  verbose: boolean,
  context: CliContext,
  json: import('../../render/index.js').JsonPlanOptions = {},
): Promise<string> {
  const render = await import('../../render/index.js');
  if (format === 'json') return render.renderPlanJson(plan, json);
  if (format === 'markdown') return render.renderPlanMarkdown(plan);
  return render.renderPlanText(plan, { color: context.io.color, verbose });
}

async function savePlan(run: PlanRun, path: string, format: PlanFormat, context: CliContext): Promise<void> {
  const [{ createSavedPlan, writePlanFile }, { packageVersion }] = await Promise.all([
    import('../../planfile/index.js'),
    import('../version.js'),
  ]);
  const saved = createSavedPlan({
    plan: run.plan,
    observed: run.observed,
    policy: { file: run.policyFile, sha256: run.policySha256 },
    options: run.options,
    mirrorctlVersion: packageVersion(),
  });
  await writePlanFile(path, saved);
  if (format !== 'text') context.io.stderr.write(`Saved the plan to: ${path}\n`);
}
