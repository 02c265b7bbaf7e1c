/** The mirrorctl command line: parses arguments, runs one command, and maps the outcome to an exit code. */
import { pathToFileURL } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { UserError } from '../core/errors.js';
import { didYouMean } from '../policy/suggest.js';
import { reportError } from './boundary.js';
import { colors } from './colors.js';
import { commands } from './commands/index.js';
import type { CliContext, GlobalArgs } from './context.js';
import { ExitCode } from './exit-codes.js';
import { resolveIo, type Io } from './io.js';
import { unknownOptionsError } from './unknown-options.js';
import { formatVersions, versions } from './version.js';

export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  const base = resolveIo(io);
  // Read before yargs runs, so that errors yargs itself raises honour these flags too.
  const color = colorFlag(argv) ?? base.color;
  const context: CliContext = {
    io: { ...base, color },
    colors: colors(color),
    debug: argv.includes('--debug'),
    exitCode: ExitCode.Ok,
  };
  try {
    // With a callback yargs hands help and version text back instead of printing to the console.
    await parser(context, argv).parseAsync(argv, {}, (error, _args, output) => {
      if (!error && output !== '') context.io.stdout.write(`${output}\n`);
    });
    return context.exitCode;
  } catch (error) {
    return reportError(error, context);
  }
}

function parser(context: CliContext, argv: readonly string[]): Argv<GlobalArgs> {
  const modules = commands.map((command) => command(context));
  const cli = yargs()
    .scriptName('mirrorctl')
    .usage('$0 <command> [options]\n\nAWS VPC Traffic Mirroring as code: a declarative policy, a reviewable plan, a safe apply.')
    .locale('en')
    .exitProcess(false)
    .strict()
    .demandCommand(1, 'no command given')
    .option('debug', { type: 'boolean', describe: 'Show stack traces of internal errors', global: true })
    .option('color', {
      type: 'boolean',
      describe: 'Colour the output; by default only on a terminal and never with NO_COLOR. --no-color turns it off',
      global: true,
    })
    .example('$0 plan --sandbox examples/sandbox/demo-account.yaml -c examples/sandbox/mirror.config.yaml', 'Try it on the bundled demo account')
    .example('$0 plan --out plan.json', 'Show what would change in AWS and save the plan')
    .example('$0 apply plan.json', 'Apply exactly that plan (refused if the account changed since)')
    .example('$0 validate -c prod.yaml --format json', 'Check prod.yaml offline, report as JSON')
    .example('$0 schema > mirror.config.schema.json', 'Write the JSON Schema for editors')
    .epilogue(
      'Exit codes: 0 success (no changes), 1 error (with --strict, warnings too), 2 success with changes present (plan --detailed-exitcode).',
    )
    .version('version', 'Show the versions of mirrorctl, the AWS SDK and the instance-type table', formatVersions(versions()))
    // The hidden --get-yargs-completions answers the scripts of `mirrorctl completion`; yargs' own command stays hidden.
    .completion('__completion', false)
    .help()
    .alias('help', 'h')
    .wrap(100)
    .showHelpOnFail(false)
    .fail((message: string | null, error: Error | undefined) => {
      // yargs reports its own usage errors as YError; anything else was thrown by a command handler.
      if (error !== undefined && error.name !== 'YError') throw error;
      const names = modules.map(commandName);
      const command = argv.find((arg) => !arg.startsWith('-'));
      const knownCommand = command !== undefined && names.includes(command);
      if (message?.startsWith('Unknown argument') === true && (command === undefined || knownCommand)) {
        throw unknownOptionsError(argv, knownOptions(cli), command);
      }
      throw usageError(message ?? error?.message ?? 'invalid arguments', argv, names);
    });
  for (const module of modules) cli.command(module);
  return cli;
}

/** Every option name and alias the command being parsed accepts. */
function knownOptions(current: Argv<GlobalArgs>): string[] {
  // getOptions() is public in yargs but missing from @types/yargs.
  const options = (current as unknown as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> } }).getOptions();
  return [...Object.keys(options.key), ...Object.values(options.alias).flat()];
}

const commandName = (module: { readonly command?: string | readonly string[] | undefined }): string =>
  String([module.command ?? ''].flat()[0]).split(' ')[0] ?? '';

function usageError(message: string, argv: readonly string[], names: readonly string[]): UserError {
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (first !== undefined && !names.includes(first)) {
    return new UserError(`unknown command "${first}"`, {
      hint: didYouMean(first, names) ?? `the commands are ${names.join(', ')}; run "mirrorctl --help" for usage`,
    });
  }
  return new UserError(message.charAt(0).toLowerCase() + message.slice(1), { hint: 'run "mirrorctl --help" for usage' });
}

/** The last of --color / --no-color / --color=BOOL before "--", if any. */
function colorFlag(argv: readonly string[]): boolean | undefined {
  let flag: boolean | undefined;
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '--color' || arg === '--color=true') flag = true;
    else if (arg === '--no-color' || arg === '--color=false') flag = false;
  }
  return flag;
}

// `npm run dev` runs this file directly with tsx; the published bin imports it from dist/ instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
