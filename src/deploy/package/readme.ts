/**
 * The package's README.md: what was generated, and, in words, what the healer's role may and may not do,
 * one line per statement of iam-policy.json, so a security reviewer can read both side by side.
 */
import { POLICY_TAG } from '../../core/ownership.js';
import type { Policy } from '../../core/types/policy.js';
import { healerSettingsOf, PARAMETERS, tagKeysOf, type PolicyDocument, type PolicyStatement } from '../template/index.js';

const list = (values: readonly string[]): string => values.map((value) => `\`${value}\``).join(', ');
const resourcesOf = (statement: PolicyStatement): string[] => [statement.Resource ?? []].flat();
const idsOf = (statement: PolicyStatement): string[] => resourcesOf(statement).map((arn) => arn.slice(arn.lastIndexOf('/') + 1));

/**
 * What each statement allows, in words. Every statement the role generators can write has its sentence.
 * `where` is where the role acts: the healer's stack region, or the member role's regions.
 */
export function explainStatement(statement: PolicyStatement, tag: string, where = 'its region'): string {
  switch (statement.Sid) {
    case 'ReadInstancesInterfacesAndMirroring':
      return `read (Describe) instances, instance types, network interfaces, VPCs and traffic mirroring, in ${where} only`;
    case 'ReadThePolicysLoadBalancers':
      return `read the listeners, target groups and target health of load balancers (to find the sensors behind the policy's Network Load Balancers), in ${where} only`;
    case 'CreateSessionsOnlyWithThePolicyTag':
    case 'CreateTargetsOnlyWithThePolicyTag':
    case 'CreateFiltersOnlyWithThePolicyTag':
    case 'CreateFilterRulesOnlyWithThePolicyTag':
      return `create traffic mirror ${statement.Sid.slice('Create'.length, -'OnlyWithThePolicyTag'.length).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} only when the request tags them ${tag}`;
    case 'TagOnlyWhileCreating':
      return `tag traffic-mirroring resources only while creating them (\`ec2:CreateAction\`), and only with ${tag}`;
    case 'MirrorInterfacesOfTheRegion':
      return `mirror any network interface of ${where} (the policy, not the role, decides which)`;
    case 'UseOnlyThePolicysFilters':
      return `use only filters tagged ${tag} in sessions, and add rules only to them`;
    case 'UseTheTargetsThePolicyNamesById':
      return `send sessions to the targets the policy names by id: ${list(idsOf(statement))} (in any account: a target shared through AWS RAM belongs to its owner)`;
    case 'UseTargetsOfTheAccount':
      return "send sessions to targets of its account: the policy's own, or one another tool already made on the policy's load balancer or interface (AWS allows one per NLB and interface, and its id is only known when discovered)";
    case 'MakeTargetsOfThePolicysInterfaces':
      return `make targets of the policy's sensor interfaces only: ${list(idsOf(statement))}`;
    case 'MakeTargetsOfThePolicysEndpoints':
      return `make targets of the policy's Gateway Load Balancer endpoints only: ${list(idsOf(statement))}`;
    case 'ChangeAndDeleteOnlyWhatThePolicyOwns':
      return `change or delete only sessions, targets, filters and filter rules tagged ${tag}`;
    case 'RetagWhatThePolicyOwnsKeepingItsOwner':
      return `retag what is tagged ${tag}, never giving it to another policy`;
    case 'UntagWhatThePolicyOwnsKeepingItsOwner':
      return `remove tags from what is tagged ${tag}, except \`${POLICY_TAG}\` and \`mirrorctl:managed-by\``;
    case 'RepointVectraSessionsThePolicyAdopts':
      return "re-point Vectra's sessions (tagged `Creator=Vectra:Tap`) to the policy's target and filter: the policy's `adopt` takes them over";
    case 'TagVectraSessionsThePolicyAdoptsAsItsOwn':
      return `tag Vectra's sessions (tagged \`Creator=Vectra:Tap\`) as the policy's, and only with ${tag}`;
    case 'RepointTaggedSessionsThePolicyAdopts':
      return "re-point another tool's sessions carrying the tags of the policy's `adopt.sessions.tags` to the policy's target and filter";
    case 'TagTaggedSessionsThePolicyAdoptsAsItsOwn':
      return `tag another tool's sessions carrying the tags of the policy's \`adopt.sessions.tags\` as the policy's, and only with ${tag}`;
    case 'ReadLoadBalancersAndSubnets':
      return `read load balancers, their tags and attributes, target groups and subnets (to find the policy's managed load balancer), in ${where} only`;
    case 'CreateLoadBalancersOnlyWithThePolicyTag':
      return `create Network Load Balancers and target groups only when the request tags them ${tag}`;
    case 'AddListenersOnlyWithThePolicyTag':
      return `add listeners only when the request tags them ${tag}`;
    case 'TagLoadBalancersOnlyWhileCreating':
      return `tag load balancers, target groups and listeners only while creating them (\`elasticloadbalancing:CreateAction\`), and only with ${tag}`;
    case 'ChangeAndDeleteOnlyThePolicysLoadBalancers':
      return `change, register sensors in, or delete only load balancers and target groups tagged ${tag}`;
    case 'ChangeAndDeleteOnlyThePolicysListeners':
      return `change or delete only listeners tagged ${tag}`;
    case 'LookForThePolicysMirroringInOtherRegions':
      return 'list the regions, and read traffic mirroring in any region, so that a plan reports what the policy still owns in regions it no longer lists (it never plans there)';
    case 'FindTheLoadBalancersThePolicyMade':
      return `read load balancers, their tags, listeners, attributes, target groups and target health, in ${where} only, so that a plan finds a load balancer the policy made and no longer names (and deletes it)`;
    case 'ReadTheAccountAlias':
      return "read the account's alias, to name the account in plans";
    case 'ReceiveItsEvents':
      return 'receive and delete the messages of its own queue';
    case 'WriteItsLogs':
      return 'write to its own log group';
    default:
      throw new Error(`no words for the role statement ${statement.Sid}`);
  }
}

export interface ReadmeInput {
  readonly policy: Policy;
  readonly policyFile: string;
  readonly policySha256: string;
  readonly mirrorctlVersion: string;
  readonly role: PolicyDocument;
  readonly zipBytes: number;
}

export function packageReadme(input: ReadmeInput): string {
  const { policy } = input;
  const tag = `\`${POLICY_TAG}=${policy.name}\``;
  const settings = healerSettingsOf(policy);
  const regions = policy.regions.join(', ');
  const keys = tagKeysOf(policy);
  const tagChanges = keys.length === 0 ? '' : `changes of the tags the policy selects by (${list(keys)}), `;
  return `# mirrorctl healer for policy ${policy.name}

Generated by mirrorctl ${input.mirrorctlVersion} (\`mirrorctl package\`) from \`${input.policyFile}\`
(sha256 \`${input.policySha256}\`). Nothing here was written by hand; generate it again after changing the policy.

| file | what it is |
|---|---|
| \`handler.zip\` | the Lambda function (${(input.zipBytes / 1024).toFixed(0)} KiB): \`index.mjs\`, the handler bundled with the AWS SDK it was tested with, and \`mirror.config.yaml\`, the validated policy |
| \`template.json\` | a plain CloudFormation template (no Transform: StackSets and CDK's \`CfnInclude\` take it as is) for **one region**: deploy it once in each of ${regions} |
| \`iam-policy.json\` | the function role's permissions, as the template embeds them |

## What the healer does

EventBridge rules in the stack's region put EC2 instance state changes (running, stopped, terminated), successful
CloudTrail calls that attach or detach interfaces or change traffic mirroring, ${tagChanges}and a full reconcile
(\`${settings.schedule}\`) on one FIFO queue, in one message group, so that runs never overlap. The function (nodejs24.x, arm64, ${settings.memoryMb} MB, ${settings.timeoutSeconds} s) heals what each
event is about with the same engine as \`mirrorctl apply\`. Events that cannot be queued, and messages that fail 5
times, go to dead-letter queues; CloudWatch alarms watch both and the function's errors. Logs are kept
${settings.logRetentionDays} days.

## What its role may do

In the region its stack is deployed to, and nothing else (no \`*\` action anywhere), it may:

${input.role.Statement.map((statement) => `- ${explainStatement(statement, tag)} (\`${statement.Sid}\`)`).join('\n')}

So it cannot delete or change another tool's or another policy's mirroring, create anything untagged, take over
a resource it does not own, or act outside its region. In \`iam-policy.json\`, \`\${AWS::Partition}\`,
\`\${AWS::Region}\` and \`\${AWS::AccountId}\` are the stack's, \`\${Queue.Arn}\` and \`\${LogGroup.Arn}\` its queue
and log group: CloudFormation fills them in (\`Fn::Sub\`).

## Deploy

\`mirrorctl deploy -c ${input.policyFile}\` does it all: uploads \`handler.zip\`, shows the stack's change set, and
applies it after approval, in each region. By hand, per region:

\`\`\`sh
aws s3 cp handler.zip s3://BUCKET/handler.zip --region REGION
aws cloudformation deploy --region REGION --stack-name mirrorctl-healer --template-file template.json \\
  --capabilities CAPABILITY_IAM --parameter-overrides ${PARAMETERS.bucket}=BUCKET ${PARAMETERS.key}=handler.zip
\`\`\`

The bucket must be in the stack's region. \`${PARAMETERS.alarmTopic}\` (optional) is an SNS topic for the alarms.
`;
}
