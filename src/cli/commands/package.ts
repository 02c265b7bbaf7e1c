/** `mirrorctl package`: the Lambda healer's deployable artifact for the policy, written to a directory. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { configOption } from '../account-options.js';
import { defineCommand, type GlobalArgs } from '../context.js';

export interface PackageArgs extends GlobalArgs {
  readonly config: string | undefined;
  readonly out: string;
  readonly stackset: boolean;
  readonly trustAccount: string | undefined;
  readonly sandbox: string | undefined;
  readonly profile: string | undefined;
}

export const packageCommand = defineCommand<PackageArgs>((context) => ({
  command: 'package',
  describe: "Write the Lambda healer's artifact (handler.zip, template.json, iam-policy.json, README.md); changes nothing in AWS",
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .option('config', configOption)
      .option('out', { type: 'string', requiresArg: true, default: 'dist-lambda', describe: 'Directory to write the artifact to (created if missing)' })
      .option('stackset', {
        type: 'boolean',
        default: false,
        describe:
          "Instead, for every account of the policy's accounts: the member role and the healer as service-managed StackSet templates, and a README with the commands",
      })
      .option('trust-account', {
        type: 'string',
        requiresArg: true,
        defaultDescription: "the caller's account (STS), or the sandbox's",
        describe: 'With --stackset: the account that runs mirrorctl, which the member role trusts',
      })
      .option('sandbox', { type: 'string', requiresArg: true, describe: "With --stackset: take the trusted account from this sandbox file's caller" })
      .option('profile', { type: 'string', requiresArg: true, describe: 'With --stackset: AWS shared-config profile of the caller' })
      .example('$0 package --out dist-lambda -c examples/sandbox/mirror.config.yaml', "Package the demo policy's healer")
      .example('$0 package --stackset --out dist-org --trust-account 123456789012', 'Package the member role and the healer for every account of the policy')
      .example('$0 deploy', 'Package, upload and deploy it in one step') as unknown as Argv<PackageArgs>,
  handler: async (args: ArgumentsCamelCase<PackageArgs>) => {
    const { runPackage } = await import('../package-run.js');
    context.exitCode = await runPackage(args, context);
  },
}));
