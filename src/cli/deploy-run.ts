/**
 * `mirrorctl deploy`, in the style of plan/apply: the artifact is built (the policy validated), the account
 * identified (a policy pinned to other accounts stops here), each region's stack planned as a change set and
 * printed, and only after `yes` (or --auto-approve) is handler.zip uploaded and each change set executed,
 * with the stack's events as progress. `no` leaves nothing behind: the change sets (and the empty stack a
 * first plan creates) are deleted. `--destroy` deletes the stacks the same way.
 */
import { ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { identifyCaller } from '../app/identity.js';
import { createAwsClients } from '../aws/clients.js';
import type { CallerIdentity } from '../aws/identity.js';
import { UserError } from '../core/errors.js';
import type { Policy } from '../core/types/policy.js';
import { buildArtifact } from '../deploy/package/index.js';
import {
  artifactKey,
  bucketFor,
  checkBucketTemplate,
  checkStackName,
  createDeployClients,
  DEFAULT_WAIT,
  defaultStackName,
  deleteStack,
  discardPlan,
  executePlan,
  planStack,
  renderDestroyPlan,
  renderOutcome,
  renderProgress,
  renderStackPlans,
  stackStatus,
  uploadArtifact,
  type DeployClients,
  type StackPlan,
  type StackToDelete,
} from '../deploy/stack/index.js';
import { loadPolicyOrThrow } from '../policy/load.js';
import type { DeployArgs } from './commands/deploy.js';
import { confirm } from './confirm.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { policyFileFor } from './policy-path.js';
import { reportPolicyWarnings } from './policy-warnings.js';
import { packageVersion } from './version.js';

function chosenRegions(given: readonly string[] | undefined, policy: Policy): string[] {
  if (given === undefined || given.length === 0) return [...policy.regions];
  const outside = given.filter((region) => !policy.regions.includes(region));
  if (outside.length > 0) {
    throw new UserError(`--region ${outside.join(', ')}: the policy ${policy.name} manages ${policy.regions.join(', ')} only`, {
      hint: "the healer is deployed to the policy's regions; add the region to the policy first",
    });
  }
  return [...new Set(given)];
}

async function identify(args: DeployArgs, policy: Policy, policyFile: string, region: string): Promise<CallerIdentity> {
  const readers = createAwsClients(args.profile === undefined ? {} : { profile: args.profile });
  try {
    return await identifyCaller(readers, { region, policy, policyFile });
  } finally {
    readers.destroy();
  }
}

function refuseWithoutApprover(context: CliContext, what: string): void {
  if (context.io.stdinIsTTY) return;
  throw new UserError(`${what} needs approval, and there is no terminal to ask on`, {
    hint: 'pass --auto-approve (in CI, after reviewing the change sets printed by a run without it)',
  });
}

async function approved(args: DeployArgs, context: CliContext, question: string, what: string): Promise<boolean> {
  if (args.autoApprove) return true;
  refuseWithoutApprover(context, what);
  const answer = await confirm(context.io, question);
  // The answer is typed on the terminal; the report starts on a line of its own.
  context.io.stdout.write('\n');
  return answer;
}

async function discardAll(clients: DeployClients, plans: readonly StackPlan[]): Promise<void> {
  for (const plan of plans) await discardPlan(clients.cloudFormation(plan.target.region), plan);
}

export async function runDeploy(args: DeployArgs, context: CliContext): Promise<ExitCode> {
  const policyFile = policyFileFor(args.config, context.io);
  const stackName = args.stackName === undefined ? undefined : checkStackName(args.stackName);
  if (args.destroy) return runDestroy(args, context, policyFile, stackName);
  const { io, colors: c } = context;
  const artifact = await buildArtifact(policyFile, packageVersion());
  reportPolicyWarnings(artifact.policyWarnings, context);
  const { policy } = artifact;
  const regions = chosenRegions(args.region, policy);
  checkBucketTemplate(args.bucket, regions);
  const name = stackName ?? defaultStackName(policy.name);
  const identity = await identify(args, policy, policyFile, regions[0] ?? '');
  io.stderr.write(`Account ${identity.accountId} (${identity.arn}); handler.zip ${Math.round(artifact.zip.length / 1024)} KiB, sha256 ${artifact.zipSha256.slice(0, 16)}\n`);
  const clients = createDeployClients(args.profile === undefined ? {} : { profile: args.profile });
  const plans: StackPlan[] = [];
  try {
    for (const region of regions) {
      io.stderr.write(`Planning the stack ${name} in ${region}…\n`);
      const bucket = bucketFor(args.bucket, identity.accountId, region);
      const target = {
        region,
        stackName: name,
        bucket: bucket.name,
        bucketOwnedByMirrorctl: bucket.ownedByMirrorctl,
        key: artifactKey(name, artifact.zipSha256),
        ...(args.alarmTopic === undefined ? {} : { alarmTopicArn: args.alarmTopic }),
      };
      plans.push(
        await planStack(clients.cloudFormation(region), {
          target,
          templateBody: JSON.stringify(artifact.template),
          policyName: policy.name,
          mirrorctlVersion: packageVersion(),
          wait: DEFAULT_WAIT,
        }),
      );
    }
    io.stdout.write(renderStackPlans(plans, c));
    const changing = plans.filter((plan): plan is Exclude<StackPlan, { kind: 'none' }> => plan.kind !== 'none');
    if (changing.length === 0) {
      io.stdout.write('\nNo changes: the healer is up to date.\n');
      return ExitCode.Ok;
    }
    const question =
      '\nDo you want to deploy these changes?\n  mirrorctl will upload handler.zip and execute the change sets above. ' +
      "Only 'yes' will be accepted to approve.\n\n  Enter a value: ";
    let go = false;
    try {
      go = await approved(args, context, question, 'deploy');
    } finally {
      if (!go) await discardAll(clients, changing);
    }
    if (!go) {
      io.stderr.write('Deploy cancelled: the change sets were deleted, nothing was changed.\n');
      return ExitCode.Error;
    }
    for (const [index, plan] of changing.entries()) {
      const { region } = plan.target;
      const upload = await uploadArtifact(clients.s3(region), plan.target, identity.accountId, artifact.zip, DEFAULT_WAIT);
      if (upload.createdBucket) io.stderr.write(`Created the bucket ${plan.target.bucket} in ${region}\n`);
      io.stderr.write(upload.uploaded ? `Uploaded s3://${plan.target.bucket}/${plan.target.key}\n` : `s3://${plan.target.bucket}/${plan.target.key} is already there\n`);
      const outcome = await executePlan(clients.cloudFormation(region), plan, DEFAULT_WAIT, (event) => io.stderr.write(renderProgress(region, event, c)));
      io.stdout.write(renderOutcome(region, plan.target.stackName, outcome, c));
      if (!outcome.ok) {
        const rest = changing.slice(index + 1);
        await discardAll(clients, rest);
        const hint =
          plan.kind === 'create'
            ? `the new stack rolled back; fix the cause, run mirrorctl deploy --destroy --region ${region}, then deploy again`
            : 'the stack rolled back to its previous version; fix the cause and deploy again';
        throw new UserError(
          `The healer's stack in ${region} failed (${outcome.status})${rest.length === 0 ? '' : `; ${rest.map((other) => other.target.region).join(', ')} not deployed`}`,
          { hint },
        );
      }
    }
    return ExitCode.Ok;
  } finally {
    clients.destroy();
  }
}

async function stackResources(cloudFormation: CloudFormationClient, stackId: string): Promise<{ logicalId: string; type: string }[]> {
  const resources: { logicalId: string; type: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cloudFormation.send(new ListStackResourcesCommand({ StackName: stackId, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }));
    for (const resource of page.StackResourceSummaries ?? []) resources.push({ logicalId: resource.LogicalResourceId ?? '', type: resource.ResourceType ?? '' });
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return resources;
}

async function runDestroy(args: DeployArgs, context: CliContext, policyFile: string, stackName: string | undefined): Promise<ExitCode> {
  const { io, colors: c } = context;
  const { policy } = await loadPolicyOrThrow(policyFile);
  const regions = chosenRegions(args.region, policy);
  const name = stackName ?? defaultStackName(policy.name);
  const identity = await identify(args, policy, policyFile, regions[0] ?? '');
  io.stderr.write(`Account ${identity.accountId} (${identity.arn})\n`);
  const clients = createDeployClients(args.profile === undefined ? {} : { profile: args.profile });
  try {
    const stacks: (StackToDelete & { stackId: string })[] = [];
    const absent: string[] = [];
    for (const region of regions) {
      const cloudFormation = clients.cloudFormation(region);
      const status = await stackStatus(cloudFormation, name);
      if (status === undefined) absent.push(region);
      else stacks.push({ region, stackName: name, stackId: status.stackId, resources: await stackResources(cloudFormation, status.stackId) });
    }
    if (stacks.length === 0) {
      io.stdout.write(`Nothing to destroy: no stack ${name} in ${regions.join(', ')}.\n`);
      return ExitCode.Ok;
    }
    io.stdout.write(renderDestroyPlan(stacks, absent, c));
    const question =
      "\nDo you really want to delete the healer's stacks?\n  The healer stops; the mirroring it made stays (mirrorctl destroy removes that). " +
      "Only 'yes' will be accepted to confirm.\n\n  Enter a value: ";
    if (!(await approved(args, context, question, 'deploy --destroy'))) {
      io.stderr.write('Destroy cancelled: nothing was deleted.\n');
      return ExitCode.Error;
    }
    let failed = false;
    for (const stack of stacks) {
      const outcome = await deleteStack(clients.cloudFormation(stack.region), stack.stackId, DEFAULT_WAIT, (event) => io.stderr.write(renderProgress(stack.region, event, c)));
      io.stdout.write(renderOutcome(stack.region, stack.stackName, outcome, c));
      failed ||= !outcome.ok;
    }
    if (args.bucket === undefined) io.stdout.write(`The artifact buckets (${regions.map((region) => bucketFor(undefined, identity.accountId, region).name).join(', ')}) are kept: other policies may use them.\n`);
    if (failed) throw new UserError("A healer's stack could not be deleted", { hint: 'fix the cause reported above and run mirrorctl deploy --destroy again' });
    return ExitCode.Ok;
  } finally {
    clients.destroy();
  }
}
