/** `mirrorctl validate`: checks a policy offline and reports every problem at once, located. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { Policy } from '../../core/types/policy.js';
import { UserError } from '../../core/errors.js';
import { countErrors } from '../../policy/diagnostic.js';
import { configOption } from '../account-options.js';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { policyFileFor } from '../policy-path.js';
import { formatCounts, formatDiagnostics } from '../format-diagnostics.js';
import { strictOption, type StrictArgs } from '../strict.js';

interface ValidateArgs extends GlobalArgs, StrictArgs {
  readonly config: string | undefined;
  readonly format: 'text' | 'json';
}

export const validateCommand = defineCommand<ValidateArgs>((context) => ({
  command: 'validate',
  describe: 'Check a policy file offline; report every problem with its line and column',
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .option('config', configOption)
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('strict', { ...strictOption, describe: 'Treat the policy\'s warnings as errors: exit 1 (for CI)' }),
  handler: async (args: ArgumentsCamelCase<ValidateArgs>) => {
    context.exitCode = await validate(args, context);
  },
}));

async function validate(args: ValidateArgs, { io, colors }: CliContext): Promise<ExitCode> {
  const { loadPolicyFile } = await import('../../policy/load.js');
  const file = policyFileFor(args.config, io);
  const { policy, diagnostics, source } = await loadPolicyFile(file);
  const errorCount = countErrors(diagnostics);
  const warningCount = diagnostics.length - errorCount;
  // Under --strict a warning fails validation like an error; the diagnostics keep their own severity.
  const valid = errorCount === 0 && !(args.strict && warningCount > 0);
  if (args.format === 'json') {
    const report = {
      formatVersion: 1,
      valid,
      ...(args.strict ? { strict: true } : {}),
      errorCount,
      warningCount,
      diagnostics,
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return valid ? ExitCode.Ok : ExitCode.Error;
  }
  io.stderr.write(formatDiagnostics(diagnostics, source, colors));
  if (policy === undefined) {
    io.stderr.write(formatCounts(diagnostics));
    return ExitCode.Error;
  }
  if (!valid) {
    const count = warningCount === 1 ? 'the warning above' : `the ${warningCount} warnings above`;
    throw new UserError(`--strict turned ${count} into errors`, {
      hint: 'fix what each warning says (or drop --strict to accept them)',
    });
  }
  io.stdout.write(`${file}: ${colors.green('valid')} — ${summarise(policy)}\n`);
  return ExitCode.Ok;
}

const count = (n: number, singular: string, plural = `${singular}s`) => `${n} ${n === 1 ? singular : plural}`;

function summarise(policy: Policy): string {
  const filters = Object.values(policy.filters);
  const rules = filters.reduce((sum, filter) => sum + filter.ingress.length + filter.egress.length, 0);
  const parts = [
    count(policy.regions.length, 'region'),
    count(Object.keys(policy.targets).length, 'target'),
    `${count(filters.length, 'filter')} (${count(rules, 'rule')})`,
    count(policy.vpcs.length, 'VPC entry', 'VPC entries'),
    count(policy.exclude.instanceIds.length, 'excluded instance'),
  ];
  if (policy.exclude.networkInterfaceIds.length > 0) {
    parts.push(count(policy.exclude.networkInterfaceIds.length, 'excluded interface'));
  }
  return `policy ${policy.name}: ${parts.join(', ')}.`;
}
