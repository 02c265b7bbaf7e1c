/**
 * `mirrorctl sandbox serve --port N FILE`: the simulated account of FILE over HTTP on a loopback port, with the
 * query protocols of EC2, ELBv2, STS and IAM, until SIGINT or SIGTERM. Any client that takes an endpoint URL
 * (the AWS CLI, an SDK, mirrorctl's own --endpoint-url) reads and changes it as it would AWS.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { simulatorOptions } from '../account-options.js';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { numberIn } from '../number-options.js';

interface ServeArgs extends GlobalArgs {
  readonly file: string;
  readonly port: number;
  readonly save: boolean;
  readonly sandboxLatency: number | undefined;
  readonly sandboxThrottle: number | undefined;
  readonly sandboxFaultRate: number | undefined;
  readonly sandboxConsistencyDelay: number | undefined;
  readonly sandboxPageSize: number | undefined;
}

export const sandboxServeCommand = defineCommand<ServeArgs>((context) => ({
  command: 'serve <file>',
  describe: 'Serve a sandbox account file over HTTP on a loopback port, as EC2, ELBv2, STS and IAM answer',
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .positional('file', { type: 'string', demandOption: true, describe: 'Sandbox account file (.yaml or .json)' })
      .option('port', {
        type: 'number',
        demandOption: true,
        requiresArg: true,
        coerce: numberIn('port', { integer: true, min: 0, max: 65_535 }),
        describe: 'Port on 127.0.0.1 (0: any free port, printed at start)',
      })
      .option('save', { type: 'boolean', default: false, describe: 'Write the account back to FILE when stopped (SIGINT, SIGTERM)' })
      .option('sandbox-latency', { type: 'number', requiresArg: true, coerce: numberIn('sandbox-latency', { min: 0 }), describe: 'Milliseconds added to every call' })
      .option('sandbox-throttle', {
        type: 'number',
        requiresArg: true,
        coerce: numberIn('sandbox-throttle', { above: 0 }),
        describe: "Throttle like EC2's default token buckets, scaled by this factor",
      })
      .option('sandbox-fault-rate', {
        type: 'number',
        requiresArg: true,
        coerce: numberIn('sandbox-fault-rate', { min: 0, max: 1 }),
        describe: 'Share of calls failing with InternalError',
      })
      .option('sandbox-consistency-delay', {
        type: 'number',
        requiresArg: true,
        coerce: numberIn('sandbox-consistency-delay', { min: 0 }),
        describe: 'Milliseconds a new resource stays invisible',
      })
      .option('sandbox-page-size', {
        type: 'number',
        requiresArg: true,
        coerce: numberIn('sandbox-page-size', { integer: true, min: 1 }),
        describe: 'Items per Describe page',
      })
      .example('$0 sandbox serve --port 4566 examples/sandbox/demo-account.yaml', 'Serve the demo account')
      .example(
        'AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws ec2 describe-instances --endpoint-url http://127.0.0.1:4566 --region us-east-1',
        'Read it with the AWS CLI (any credentials)',
      )
      .example('$0 plan --endpoint-url http://127.0.0.1:4566 -c examples/sandbox/mirror.config.yaml', 'Plan against it over HTTP') as unknown as Argv<ServeArgs>,
  handler: async (args: ArgumentsCamelCase<ServeArgs>) => {
    context.exitCode = await serve(args, context);
  },
}));

async function serve(args: ServeArgs, context: CliContext): Promise<ExitCode> {
  const { createSandbox, readSandboxFile, writeSandboxFile } = await import('../../sandbox/index.js');
  const file = await readSandboxFile(args.file);
  const sandbox = createSandbox(file, simulatorOptions(args));
  const server = await sandbox.serve({ port: args.port });
  const regions = Object.keys(file.regions).sort();
  context.io.stdout.write(`${server.url}\n`);
  context.io.stderr.write(
    `Serving ${args.file} (account ${sandbox.accountId}, ${regions.length === 0 ? 'no region' : regions.join(', ')}) at ${server.url}.\n` +
      `Point a client at it with any credentials, e.g. mirrorctl plan --endpoint-url ${server.url}, or\n` +
      `AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws ec2 describe-instances --endpoint-url ${server.url} --region ${regions[0] ?? 'us-east-1'}\n` +
      `Stop with Ctrl-C${args.save ? `; the account is then written back to ${args.file}` : '; changes are not written back (--save does)'}.\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  if (args.save) {
    await writeSandboxFile(args.file, sandbox.toFile());
    context.io.stderr.write(`${signal}: stopped; wrote the account to ${args.file}.\n`);
  } else {
    context.io.stderr.write(`${signal}: stopped.\n`);
  }
  return ExitCode.Ok;
}
