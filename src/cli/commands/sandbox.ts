/**
 * `mirrorctl sandbox generate`: write a large simulated account (and a matching policy) for tests and benchmarks;
 * `mirrorctl sandbox serve`: serve an account file over HTTP (sandbox-serve.ts).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { numberIn } from '../number-options.js';
import { formatCount } from '../status-line.js';
import { sandboxServeCommand } from './sandbox-serve.js';

interface GenerateArgs extends GlobalArgs {
  readonly out: string;
  readonly policyOut: string | undefined;
  readonly seed: number;
  readonly regions: number;
  readonly vpcs: number;
  readonly instances: number;
  readonly interfacesPerInstance: number;
  readonly unsupported: number;
  readonly mirrored: number;
  readonly foreign: number;
  readonly policyName: string;
}

const share = (name: string) => numberIn(name, { min: 0, max: 1 });

export const sandboxCommand = defineCommand<GlobalArgs>((context) => ({
  command: 'sandbox <action>',
  describe: 'Simulated accounts: `sandbox generate` writes a large one, `sandbox serve` serves one over HTTP',
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .command(sandboxGenerateCommand(context) as CommandModule<GlobalArgs, GenerateArgs>)
      .command(sandboxServeCommand(context))
      .demandCommand(1, 'name what to do: sandbox generate or sandbox serve'),
  handler: () => undefined,
}));

const sandboxGenerateCommand = defineCommand<GenerateArgs>((context) => ({
  command: 'generate',
  describe: 'Write a large simulated account (and a policy that covers it) for tests and benchmarks',
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .option('out', { alias: 'o', type: 'string', demandOption: true, requiresArg: true, describe: 'Account file to write (.yaml or .json)' })
      .option('policy-out', { type: 'string', requiresArg: true, describe: 'Also write a policy that covers the account' })
      .option('seed', { type: 'number', default: 1, coerce: numberIn('seed', { integer: true }), describe: 'Same seed, same account' })
      .option('regions', { type: 'number', default: 1, coerce: numberIn('regions', { integer: true, min: 1, max: 8 }), describe: 'How many regions (up to 8)' })
      .option('vpcs', { type: 'number', default: 50, coerce: numberIn('vpcs', { integer: true, min: 1 }), describe: 'VPCs per region' })
      .option('instances', { type: 'number', default: 10_000, coerce: numberIn('instances', { integer: true, min: 0 }), describe: 'Instances in total' })
      .option('interfaces-per-instance', {
        type: 'number',
        default: 1.2,
        coerce: numberIn('interfaces-per-instance', { min: 1 }),
        describe: 'Average interfaces per instance',
      })
      .option('unsupported', { type: 'number', default: 0.1, coerce: share('unsupported'), describe: 'Share of instances on unsupported types' })
      .option('mirrored', { type: 'number', default: 0, coerce: share('mirrored'), describe: 'Share of interfaces already mirrored by the policy' })
      .option('foreign', { type: 'number', default: 0, coerce: share('foreign'), describe: "Share of interfaces with another tool's session" })
      .option('policy-name', { type: 'string', default: 'generated', describe: 'Owner of the already-mirrored sessions' })
      .example('$0 sandbox generate --instances 10000 --out big.json --policy-out big.yaml', '10,000 instances, nothing mirrored yet')
      .example('$0 plan --sandbox big.json -c big.yaml', 'Plan against it') as unknown as Argv<GenerateArgs>,
  handler: async (args: ArgumentsCamelCase<GenerateArgs>) => {
    context.exitCode = await generate(args, context);
  },
}));

async function generate(args: GenerateArgs, context: CliContext): Promise<ExitCode> {
  const { generateAccount, generatePolicyFor, writeSandboxFile } = await import('../../sandbox/index.js');
  const { writeFile } = await import('node:fs/promises');
  const file = generateAccount({
    seed: args.seed,
    regions: args.regions,
    vpcsPerRegion: args.vpcs,
    instances: args.instances,
    interfacesPerInstance: args.interfacesPerInstance,
    unsupportedShare: args.unsupported,
    mirroredShare: args.mirrored,
    foreignShare: args.foreign,
    policyName: args.policyName,
  });
  await writeSandboxFile(args.out, file);
  if (args.policyOut !== undefined) await writeFile(args.policyOut, generatePolicyFor(file, { policyName: args.policyName }), 'utf8');
  context.io.stderr.write(
    `Wrote ${args.out}: ${formatCount(args.instances)} instances in ${args.regions} region(s)` +
      (args.policyOut === undefined ? '.\n' : `, and the policy ${args.policyOut}.\n`),
  );
  return ExitCode.Ok;
}
