/** `mirrorctl package`: the Lambda healer's deployable artifact for the policy, written to a directory. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { configOption } from '../account-options.js';
import { defineCommand, type GlobalArgs } from '../context.js';

export interface PackageArgs extends GlobalArgs {
  readonly config: string | undefined;
  readonly out: string;
}

export const packageCommand = defineCommand<PackageArgs>((context) => ({
  command: 'package',
  describe: "Write the Lambda healer's artifact (handler.zip, template.json, iam-policy.json, README.md); changes nothing in AWS",
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .option('config', configOption)
      .option('out', { type: 'string', requiresArg: true, default: 'dist-lambda', describe: 'Directory to write the artifact to (created if missing)' })
      .example('$0 package --out dist-lambda -c examples/sandbox/mirror.config.yaml', "Package the demo policy's healer")
      .example('$0 deploy', 'Package, upload and deploy it in one step') as unknown as Argv<PackageArgs>,
  handler: async (args: ArgumentsCamelCase<PackageArgs>) => {
    const { runPackage } = await import('../package-run.js');
    context.exitCode = await runPackage(args, context);
  },
}));
