/**
 * The healer's template for a service-managed StackSet: the same stack as `mirrorctl deploy` makes, deployed
 * by CloudFormation in every account of the policy's organization units and in every region of the policy,
 * and automatically in accounts that join the units later. One template serves them all, so nothing in it
 * names an account, and what differs by account or region comes from parameters and pseudo parameters:
 *
 * - the code: Lambda reads it from a bucket in the function's own region (the bucket may be in another
 *   account), so each region has its bucket, named `<ArtifactBucketPrefix>-<region>`;
 * - the alarms' topic: a topic of one name in each account and region, when there is one;
 * - reserved concurrency: off by default, since a new account's Lambda quota (often 10) cannot grant it and
 *   the stack would fail in exactly the accounts automatic deployment is for;
 * - the FIFO queues' names: CloudFormation names a queue after its stack, a StackSet's stack names are long
 *   (`StackSet-<name>-<uuid>`), and SQS refuses a FIFO name over 80 characters instead of cutting it.
 */
import { defaultStackName } from '../stack/names.js';
import { ifCondition, NO_VALUE, PSEUDO, ref, sub } from './cfn.js';
import { buildHealerTemplate, type TemplateInput } from './template.js';

export const STACK_SET_PARAMETERS = {
  bucketPrefix: 'ArtifactBucketPrefix',
  key: 'ArtifactKey',
  alarmTopicName: 'AlarmTopicName',
  reserveConcurrency: 'ReserveConcurrency',
} as const;

/** S3 names are at most 63 characters; the prefix leaves room for `-` and a region name of 15 (the longest is 14). */
export const MAX_BUCKET_PREFIX = 63 - '-'.length - 15;

/** The two StackSets of a policy: its healer, and the role mirrorctl assumes in each account. */
export function stackSetNames(policyName: string): { readonly healer: string; readonly memberRole: string } {
  const healer = defaultStackName(policyName);
  return { healer, memberRole: `${healer}-role` };
}

export function stackSetHealerTemplate(input: TemplateInput) {
  const { policy } = input;
  const { healer } = stackSetNames(policy.name);
  const p = STACK_SET_PARAMETERS;
  return buildHealerTemplate(input, {
    description:
      `mirrorctl ${input.mirrorctlVersion}: the Lambda healer of traffic-mirroring policy ${policy.name} in every account of ` +
      'its organization units (a service-managed StackSet: one stack per account and region)',
    parameters: {
      [p.bucketPrefix]: {
        Type: 'String',
        Description: 'handler.zip is read from the bucket <prefix>-<region>, in each stack\'s region (e.g. prefix acme-mirrorctl: acme-mirrorctl-us-east-1)',
        MinLength: 1,
        MaxLength: MAX_BUCKET_PREFIX,
        AllowedPattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$',
        ConstraintDescription: `the start of S3 bucket names: lowercase letters, digits, dots and hyphens, at most ${MAX_BUCKET_PREFIX} characters`,
      },
      [p.key]: { Type: 'String', Description: 'S3 key of handler.zip, the same in every region\'s bucket', MinLength: 1 },
      [p.alarmTopicName]: {
        Type: 'String',
        Description: 'Name of the SNS topic the alarms notify, in each account and region the stack runs in (empty: none)',
        Default: '',
        AllowedPattern: '^([A-Za-z0-9_-]{1,256}(\\.fifo)?)?$',
        ConstraintDescription: 'an SNS topic name, or empty',
      },
      [p.reserveConcurrency]: {
        Type: 'String',
        Description: "Reserve one concurrent execution for the healer (needs an account's Lambda quota above 100)",
        Default: 'false',
        AllowedValues: ['false', 'true'],
      },
    },
    conditions: {
      HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': [ref(p.alarmTopicName), ''] }] },
      ReservesConcurrency: { 'Fn::Equals': [ref(p.reserveConcurrency), 'true'] },
    },
    code: { S3Bucket: sub(`\${${p.bucketPrefix}}-${PSEUDO.region}`), S3Key: ref(p.key) },
    alarmTopic: sub(`arn:${PSEUDO.partition}:sns:${PSEUDO.region}:${PSEUDO.account}:\${${p.alarmTopicName}}`),
    reservedConcurrency: ifCondition('ReservesConcurrency', 1, NO_VALUE),
    queueNames: { events: `${healer}-events.fifo`, failed: `${healer}-failed.fifo` },
  });
}

export type StackSetHealerTemplate = ReturnType<typeof stackSetHealerTemplate>;
