/** `mirrorctl apply [PLANFILE]`: converge the account to the policy, after approval. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { configOption, withAccountOptions } from '../account-options.js';
import { withAccountsOptions } from '../accounts/options.js';
import type { ApplyArgs } from '../apply-run.js';
import { defineCommand, type GlobalArgs } from '../context.js';
import { numberIn } from '../number-options.js';
import { withCostCeiling } from '../cost-ceiling.js';
import { strictOption } from '../strict.js';
import { allowEmptyEntriesOption, cleanupLegacyTagsOption, targetOption } from './plan.js';

export function withApplyOptions<T extends GlobalArgs>(cli: Argv<T>) {
  return withAccountsOptions(withCostCeiling(withAccountOptions(cli)))
    .option('auto-approve', { type: 'boolean', default: false, describe: 'Skip the interactive approval (for CI)' })
    .option('concurrency', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('concurrency', { integer: true, min: 1 }),
      describe: 'Actions in flight at once (default 16)',
    })
    .option('max-rate', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('max-rate', { above: 0 }),
      describe: "Mutating EC2 calls per second per region (default 5, EC2's default refill rate)",
    })
    .option('burst', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('burst', { min: 1 }),
      describe: "Calls allowed at once before pacing (default 50, EC2's bucket)",
    })
    .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Show every change, failure and skip' })
    .option('strict', strictOption)
    .group(['auto-approve', 'concurrency', 'max-rate', 'burst'], 'Apply:');
}

export const applyCommand = defineCommand<ApplyArgs>((context) => ({
  command: 'apply [planfile]',
  describe: 'Converge the account to the policy (plans first and asks, or applies a saved plan)',
  builder: (cli: Argv<GlobalArgs>) =>
    withApplyOptions(cli)
      // No default here: with a plan file, an explicit -c is checked against the plan, and none means "the
      // policy the plan was made from".
      .option('config', {
        type: configOption.type,
        requiresArg: true,
        describe: configOption.describe,
        default: undefined,
        defaultDescription: `${configOption.defaultDescription}; with PLANFILE, the policy the plan was made from`,
      })
      .positional('planfile', { type: 'string', describe: 'A plan saved by `mirrorctl plan --out`; applied only if still current' })
      .option('allow-empty-entries', {
        ...allowEmptyEntriesOption,
        defaultDescription: 'off; with PLANFILE, as the plan was made (given, it must match)',
      })
      .option('target', { ...targetOption, defaultDescription: 'the whole policy; with PLANFILE, as the plan was made (given, it must match)' })
      .option('cleanup-legacy-tags', {
        ...cleanupLegacyTagsOption,
        defaultDescription: 'off; with PLANFILE, as the plan was made (given, it must match)',
      })
      .example('$0 apply', 'Plan, show the plan, ask for "yes", then apply')
      .example('$0 plan --out plan.json && $0 apply plan.json', 'Apply exactly the reviewed plan (refused if stale)')
      .example('$0 apply --auto-approve --format json', 'In CI, with a JSON result document on stdout')
      .example('cp examples/sandbox/demo-account.yaml demo.yaml && $0 apply --sandbox demo.yaml -c examples/sandbox/mirror.config.yaml', 'Try it on a copy of the demo account') as unknown as Argv<ApplyArgs>,
  handler: async (args: ArgumentsCamelCase<ApplyArgs>) => {
    const { runApply } = await import('../apply-run.js');
    context.exitCode = await runApply(args, context, 'converge');
  },
}));
