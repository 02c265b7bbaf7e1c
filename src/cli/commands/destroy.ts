/** `mirrorctl destroy`: remove everything the policy owns, and nothing else, after approval. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { ApplyArgs } from '../apply-run.js';
import { defineCommand, type GlobalArgs } from '../context.js';
import { withApplyOptions } from './apply.js';

export const destroyCommand = defineCommand<ApplyArgs>((context) => ({
  command: 'destroy',
  describe: 'Delete every mirror session, filter and target the policy owns (never those of other tools)',
  builder: (cli: Argv<GlobalArgs>) =>
    withApplyOptions(cli)
      .example('$0 destroy', 'Show what would be deleted, ask for "yes", delete it')
      .example('$0 plan --destroy --out destroy.json && $0 apply destroy.json', 'Review the removal first') as unknown as Argv<ApplyArgs>,
  handler: async (args: ArgumentsCamelCase<ApplyArgs>) => {
    const { runApply } = await import('../apply-run.js');
    context.exitCode = await runApply({ ...args, planfile: undefined }, context, 'destroy');
  },
}));
