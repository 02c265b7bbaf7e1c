/** `mirrorctl deploy`: plan/apply for the Lambda healer's stacks, one per region, as CloudFormation change sets. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { configOption } from '../account-options.js';
import { defineCommand, type GlobalArgs } from '../context.js';

export interface DeployArgs extends GlobalArgs {
  readonly config: string | undefined;
  readonly region: string[] | undefined;
  readonly stackName: string | undefined;
  readonly bucket: string | undefined;
  readonly alarmTopic: string | undefined;
  readonly profile: string | undefined;
  readonly autoApprove: boolean;
  readonly destroy: boolean;
}

export const deployCommand = defineCommand<DeployArgs>((context) => ({
  command: 'deploy',
  describe: 'Deploy the Lambda healer: upload its artifact, show the stacks\' change sets, and apply them after approval',
  builder: (cli: Argv<GlobalArgs>) =>
    cli
      .option('config', configOption)
      .option('region', { type: 'string', array: true, requiresArg: true, describe: "Only these of the policy's regions (repeatable); one stack each" })
      .option('stack-name', { type: 'string', requiresArg: true, defaultDescription: 'mirrorctl-<policy name>', describe: 'Name of the stack in each region' })
      .option('bucket', {
        type: 'string',
        requiresArg: true,
        defaultDescription: 'mirrorctl-artifacts-<account>-<region>, created when missing',
        describe: 'S3 bucket for handler.zip, in the stack\'s region; {region} stands for each region\'s name',
      })
      .option('alarm-topic', { type: 'string', requiresArg: true, describe: 'SNS topic ARN the stack\'s alarms notify' })
      .option('profile', { type: 'string', requiresArg: true, describe: 'AWS shared-config profile' })
      .option('auto-approve', { type: 'boolean', default: false, describe: 'Skip the interactive approval (for CI)' })
      .option('destroy', { type: 'boolean', default: false, describe: "Delete the healer's stacks instead (the mirroring it made stays)" })
      .example('$0 deploy', "Deploy the policy's healer in each of its regions, after showing the change sets")
      .example('$0 deploy --region eu-west-1 --bucket my-artifacts-{region} --auto-approve', 'In CI, one region, your own bucket')
      .example('$0 deploy --destroy', "Remove the healer's stacks") as unknown as Argv<DeployArgs>,
  handler: async (args: ArgumentsCamelCase<DeployArgs>) => {
    const { runDeploy } = await import('../deploy-run.js');
    context.exitCode = await runDeploy(args, context);
  },
}));
