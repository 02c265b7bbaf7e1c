/**
 * `mirrorctl discover`: write what discovery observed in the sandbox file format, so a real account can be
 * planned offline (`plan --sandbox FILE`) and reproduced in a test.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UserError } from '../../core/errors.js';
import type { Policy } from '../../core/types/policy.js';
import { accountOptions, withAccountOptions, type AccountArgs } from '../account-options.js';
import { defineCommand, type CliContext, type GlobalArgs } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { policyFileFor } from '../policy-path.js';

interface DiscoverArgs extends AccountArgs {
  readonly out: string | undefined;
}

export const discoverCommand = defineCommand<DiscoverArgs>((context) => ({
  command: 'discover',
  describe: 'Read the account and write it as a sandbox file (for offline plans and bug reports)',
  builder: (cli: Argv<GlobalArgs>) =>
    withAccountOptions(cli)
      .option('out', { alias: 'o', type: 'string', requiresArg: true, describe: 'File to write (.yaml or .json); default stdout as YAML' })
      .example('$0 discover --out account.yaml', "Snapshot the policy's regions")
      .example('$0 plan --sandbox account.yaml', 'Plan against the snapshot, offline'),
  handler: async (args: ArgumentsCamelCase<DiscoverArgs>) => {
    context.exitCode = await discoverToFile(args, context);
  },
}));

async function discoverToFile(args: DiscoverArgs, context: CliContext): Promise<ExitCode> {
  const [{ openAccount }, sandbox, { discoverWithProgress }, { identifyCaller }] = await Promise.all([
    import('../../app/account.js'),
    import('../../sandbox/index.js'),
    import('../discovery-progress.js'),
    import('../../app/identity.js'),
  ]);
  const policyFile = policyFileFor(args.config, context.io);
  const { regions, loadBalancerArns, policy } = await whatToRead(args, policyFile);
  const account = await openAccount(accountOptions(args));
  // A policy pinned to other accounts must not read this one, not even into a snapshot.
  await identifyCaller(account.readers, { region: regions[0] ?? '', ...(policy === undefined ? {} : { policy, policyFile }) });
  const observed = await discoverWithProgress(context, account.readers, regions, loadBalancerArns);
  const file = sandbox.observedToSandboxFile(observed);
  if (args.out === undefined) {
    context.io.stdout.write(sandbox.formatSandboxFile('stdout.yaml', file));
  } else {
    await sandbox.writeSandboxFile(args.out, file);
    context.io.stderr.write(`Wrote ${args.out}. Plan against it offline with: mirrorctl plan --sandbox ${args.out}\n`);
  }
  return ExitCode.Ok;
}

/**
 * `--region` wins; otherwise the policy's regions, so discover works before a policy exists too. The policy's
 * NLB targets are read when there is a policy, so that the snapshot plans the same as the account.
 */
async function whatToRead(
  args: DiscoverArgs,
  policyFile: string,
): Promise<{ regions: readonly string[]; loadBalancerArns: readonly string[]; policy?: Policy }> {
  const [{ loadPolicyOrThrow }, { existsSync }, { loadBalancerArnsOf }] = await Promise.all([
    import('../../policy/load.js'),
    import('node:fs'),
    import('../../app/plan.js'),
  ]);
  const regionGiven = args.region !== undefined && args.region.length > 0;
  if (!existsSync(policyFile)) {
    if (regionGiven) return { regions: [...new Set(args.region)].sort(), loadBalancerArns: [] };
    throw new UserError(`no region to discover: ${policyFile} does not exist and no --region was given`, {
      hint: 'pass --region us-east-1 (repeatable) or --config with a policy that lists its regions',
    });
  }
  const { policy } = await loadPolicyOrThrow(policyFile);
  return {
    regions: regionGiven ? [...new Set(args.region)].sort() : policy.regions,
    loadBalancerArns: loadBalancerArnsOf(policy),
    policy,
  };
}
