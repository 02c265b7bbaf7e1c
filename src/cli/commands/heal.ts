/** `mirrorctl heal --event FILE|-`: what the Lambda healer would do with one event (or SQS batch), done here. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { AccountArgs } from '../account-options.js';
import { withAccountOptions } from '../account-options.js';
import { defineCommand, type GlobalArgs } from '../context.js';

export interface HealArgs extends AccountArgs {
  readonly event: string;
}

export const healCommand = defineCommand<HealArgs>((context) => ({
  command: 'heal',
  describe: 'Heal what one event (EventBridge, CloudTrail, schedule, or an SQS batch of them) is about, as the Lambda healer does',
  builder: (cli: Argv<GlobalArgs>) =>
    withAccountOptions(cli)
      .option('event', {
        type: 'string',
        demandOption: true,
        requiresArg: true,
        describe: 'The event as JSON: a file, or - for standard input',
      })
      .example('$0 heal --event examples/events/instance-running.json --sandbox demo.yaml -c examples/sandbox/mirror.config.yaml', 'Replay a launch on a copy of the demo account')
      .example('$0 heal --event - < event.json', 'Replay an event captured from your account, read from standard input') as unknown as Argv<HealArgs>,
  handler: async (args: ArgumentsCamelCase<HealArgs>) => {
    const { runHeal } = await import('../heal-run.js');
    context.exitCode = await runHeal(args, context);
  },
}));
