/** `mirrorctl list`: every resource the policy owns, region by region, with its monthly cost, without planning. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { accountOptions, withAccountOptions, type AccountArgs } from '../account-options.js';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { policyFileFor } from '../policy-path.js';
import { reportPolicyWarnings } from '../policy-warnings.js';

interface ListArgs extends AccountArgs {
  readonly format: 'text' | 'json';
}

export const listCommand = defineCommand<ListArgs>((context) => ({
  command: 'list',
  describe: 'List what the policy owns in each region (and what other mirrorctl policies own there), with cost',
  builder: (cli: Argv<GlobalArgs>) =>
    withAccountOptions(cli)
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .example('$0 list', "What the policy owns, and what it costs a month")
      .example('$0 list --format json | jq ".cost.monthlyAfter"', 'The monthly cost, for a dashboard') as unknown as Argv<ListArgs>,
  handler: async (args: ArgumentsCamelCase<ListArgs>) => {
    context.exitCode = await list(args, context);
  },
}));

async function list(args: ListArgs, context: CliContext): Promise<ExitCode> {
  const [{ openAccount }, { listOwned }, render] = await Promise.all([
    import('../../app/account.js'),
    import('../../app/list.js'),
    import('../../render/inventory.js'),
  ]);
  const run = await listOwned({
    configPath: policyFileFor(args.config, context.io),
    account: await openAccount(accountOptions(args)),
    ...(args.region === undefined ? {} : { regions: args.region }),
  });
  reportPolicyWarnings(run.policyWarnings, context);
  if (run.elsewhereFailure !== undefined) {
    context.io.stderr.write(
      `warning: could not look in the regions the policy does not list (${run.elsewhereFailure}); allow ec2:DescribeRegions to have them listed\n`,
    );
  }
  for (const { region, failure } of run.loadBalancingFailures) {
    context.io.stderr.write(
      `warning: could not read the managed load balancers in ${region} (${failure}); they are not listed, nor in the cost. ` +
        'Allow elasticloadbalancing:DescribeLoadBalancers, DescribeTargetGroups, DescribeTags, DescribeListeners, ' +
        'DescribeLoadBalancerAttributes and DescribeTargetHealth to have them listed\n',
    );
  }
  context.io.stdout.write(args.format === 'json' ? render.renderInventoryJson(run.inventory) : render.renderInventoryText(run.inventory));
  return ExitCode.Ok;
}
