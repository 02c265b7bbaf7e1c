/** `mirrorctl show PLANFILE`: render a saved plan again, e.g. as the pull-request comment for the artifact apply will use. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { renderPlan, type PlanFormat } from './plan.js';

interface ShowArgs extends GlobalArgs {
  readonly planfile: string;
  readonly format: PlanFormat;
  readonly verbose: boolean;
}

export const showCommand = defineCommand<ShowArgs>((context) => ({
  command: 'show <planfile>',
  describe: 'Print a saved plan (from `plan --out`) as text, JSON or Markdown, without touching AWS',
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .positional('planfile', { type: 'string', demandOption: true, describe: 'A plan saved by `mirrorctl plan --out`' })
      .option('format', {
        alias: 'f',
        choices: ['text', 'json', 'markdown'] as const,
        default: 'text' as const,
        describe: 'text for people, json for machines, markdown for a pull-request comment',
      })
      .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'List every change and skipped interface' })
      .example('$0 show plan.json --format markdown > comment.md', 'The comment for the plan that apply will carry out') as unknown as Argv<ShowArgs>,
  handler: async (args: ArgumentsCamelCase<ShowArgs>) => {
    context.exitCode = await show(args, context);
  },
}));

async function show(args: ShowArgs, context: CliContext): Promise<ExitCode> {
  const { readAnyPlanFile, accountsPlanOf } = await import('../../planfile/index.js');
  const read = await readAnyPlanFile(args.planfile);
  if (read.kind === 'accounts') {
    const { renderAccountsPlan } = await import('../accounts/plan.js');
    context.io.stdout.write(await renderAccountsPlan(accountsPlanOf(read.saved), args.format, args.verbose, context));
    return ExitCode.Ok;
  }
  context.io.stdout.write(await renderPlan(read.saved.plan, args.format, args.verbose, context));
  return ExitCode.Ok;
}
