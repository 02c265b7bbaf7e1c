/**
 * `mirrorctl import vectra`: write the policy that means what the tags of Vectra's session mirroring tool mean,
 * so the account can move to mirrorctl without a gap in mirroring (docs/migrating-from-vectra.md).
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { describeFileError, UserError } from '../../core/errors.js';
import { POLICY_NAME_PATTERN } from '../../policy/ids.js';
import { accountOptions, withAccountOptions, type AccountArgs } from '../account-options.js';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { ExitCode } from '../exit-codes.js';

interface ImportArgs extends AccountArgs {
  readonly tool: 'vectra';
  readonly out: string | undefined;
  readonly name: string;
}

export const importCommand = defineCommand<ImportArgs>((context) => ({
  command: 'import <tool>',
  describe: "Write a policy from another tool's configuration (vectra: the tags of Vectra's session mirroring tool)",
  builder: (cli: Argv<GlobalArgs>) =>
    withAccountOptions(cli)
      .positional('tool', { choices: ['vectra'] as const, describe: 'The tool whose configuration to import' })
      .option('region', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'Regions to read (repeatable); default AWS_REGION or AWS_DEFAULT_REGION',
      })
      .option('out', { alias: 'o', type: 'string', requiresArg: true, describe: 'Policy file to write (never overwritten); default stdout' })
      .option('name', {
        type: 'string',
        default: 'traffic-mirroring',
        requiresArg: true,
        describe: 'The policy name: the mirrorctl:policy tag of everything it makes or adopts',
      })
      .hide('config')
      .example('$0 import vectra --region us-east-1 --out mirror.config.yaml', "The policy that means what Vectra's tags mean")
      .example('$0 import vectra --sandbox examples/sandbox/vectra-account.yaml --region us-east-1', 'The same on the sandbox account') as unknown as Argv<ImportArgs>,
  handler: async (args: ArgumentsCamelCase<ImportArgs>) => {
    context.exitCode = await importPolicy(args, context);
  },
}));

function checkPolicyName(name: string): void {
  if (new RegExp(POLICY_NAME_PATTERN).test(name)) return;
  throw new UserError(`--name ${JSON.stringify(name)} cannot be a policy name (it is a tag value)`, {
    hint: 'use 1 to 128 letters, digits, spaces or _ . : / = + @ -',
  });
}

function regionsOf(args: ImportArgs, context: CliContext): string[] {
  if (args.region !== undefined && args.region.length > 0) return [...new Set(args.region)].sort();
  const fromEnvironment = context.io.env['AWS_REGION'] ?? context.io.env['AWS_DEFAULT_REGION'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return [fromEnvironment];
  throw new UserError('no region to import from', {
    hint: "pass --region with the region Vectra's tool runs in (repeatable), or set AWS_REGION",
  });
}

async function importPolicy(args: ImportArgs, context: CliContext): Promise<ExitCode> {
  const [{ openAccount }, { importVectra }, { discoveryReporter }, { writeFile }] = await Promise.all([
    import('../../app/account.js'),
    import('../../app/import-vectra.js'),
    import('../discovery-progress.js'),
    import('node:fs/promises'),
  ]);
  const regions = regionsOf(args, context);
  checkPolicyName(args.name);
  const progress = discoveryReporter(context);
  let run: Awaited<ReturnType<typeof importVectra>>;
  try {
    run = await importVectra({
      account: await openAccount(accountOptions(args)),
      regions,
      policyName: args.name,
      ...(args.profile === undefined ? {} : { profile: args.profile }),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.abort();
  }
  const { stderr, stdout } = context.io;
  if (args.out === undefined) stdout.write(run.text);
  else {
    try {
      // Exclusive create: an existing policy is never overwritten by an import.
      await writeFile(args.out, run.text, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
      throw new UserError(`cannot write ${args.out}: ${exists ? 'it already exists' : describeFileError(error)}`, {
        hint: exists ? 'pass another --out, or remove the file first' : 'check the path and its permissions',
      });
    }
  }
  for (const finding of run.findings) stderr.write(`${finding}\n`);
  const file = args.out ?? 'FILE';
  const sandbox = args.sandbox === undefined ? '' : ` --sandbox ${args.sandbox}`;
  stderr.write(
    `${args.out === undefined ? '' : `Wrote ${args.out}. `}Review it, then: mirrorctl validate -c ${file}; mirrorctl plan -c ${file}${sandbox}\n`,
  );
  return ExitCode.Ok;
}
