/**
 * The healer's CloudFormation template: plain CloudFormation (no Transform, so StackSets and CDK's
 * `CfnInclude` take it as is), one stack per region, since EventBridge delivers each region's events there.
 *
 *   rules (state changes, CloudTrail calls, the schedule) ──► FIFO queue, one message group: the region
 *        │ undeliverable                                        │ received 5 times without success
 *        ▼                                                      ▼
 *   RuleDeadLetters (standard: EventBridge takes no FIFO DLQ)  QueueDeadLetters (FIFO, as its source)
 *                                                              the queue ──► the function (batches of 10)
 *
 * The message group serialises everything the region's healer does (events and the reconcile never
 * overlap), and content-based deduplication drops an event EventBridge delivers twice within 5 minutes.
 */
import { POLICY_TAG } from '../../core/ownership.js';
import type { HealerSettings, Policy } from '../../core/types/policy.js';
import { BUNDLED_POLICY } from '../../app/heal/policy-source.js';
import { DEFAULT_HEALER_SETTINGS } from '../../policy/healer-settings.js';
import { getAtt, ifCondition, NO_VALUE, PSEUDO, ref, sub, substituted, type If, type StringParameter, type Str, type Tag, type Template } from './cfn.js';
import { healerRules, type HealerRule } from './event-rules.js';
import type { PolicyDocument } from './iam.js';
import type { Alarm, EventSourceMapping, EventsRule, IamRole, LambdaFunction, LogGroup, Queue, QueuePolicy } from './resources.js';
import { healerRolePolicy, type RolePlace } from './role-policy.js';

export interface TemplateInput {
  readonly policy: Policy;
  /** The sha256 of the policy file bundled in handler.zip. */
  readonly policySha256: string;
  readonly mirrorctlVersion: string;
}

/** The handler's module in handler.zip, and its export. */
export const HANDLER_ENTRY = 'index.mjs';
export const HANDLER = 'index.handler';

export const PARAMETERS = { bucket: 'ArtifactBucket', key: 'ArtifactKey', alarmTopic: 'AlarmTopicArn' } as const;

/** Where the role's document places itself in the template, resolved by `Fn::Sub`. */
export const TEMPLATE_ROLE_PLACE: RolePlace = {
  partition: PSEUDO.partition,
  region: PSEUDO.region,
  account: PSEUDO.account,
  queueArn: '${Queue.Arn}',
  logGroupArn: '${LogGroup.Arn}',
};

/** Messages received this often without success go to the dead-letter queue (the FIFO group moves on). */
const MAX_RECEIVES = 5;
const FOURTEEN_DAYS = 14 * 24 * 3600;
const FOUR_DAYS = 4 * 24 * 3600;

/**
 * Said explicitly for the stateful resources: queued events are hints (the schedule reconciles anyway) and
 * `deploy --destroy` is expected to leave nothing behind, logs included.
 */
const DELETED_WITH_THE_STACK = { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' } as const;

/**
 * What differs between the stack `mirrorctl deploy` makes in one account and the instances a StackSet makes
 * in every account of an organization (stackset-template.ts): where the code is, how alarms find their topic,
 * and what must not depend on the stack's name.
 */
export interface StackForm {
  readonly description: string;
  readonly parameters: Readonly<Record<string, StringParameter>>;
  /** Must define `HasAlarmTopic`. */
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly code: { readonly S3Bucket: Str; readonly S3Key: Str };
  /** The topic the alarms notify when `HasAlarmTopic`. */
  readonly alarmTopic: Str;
  readonly reservedConcurrency: number | If<number>;
  /** Names of the FIFO queues; absent, CloudFormation names them after the stack. */
  readonly queueNames?: { readonly events: string; readonly failed: string };
}

function oneAccountForm(input: TemplateInput): StackForm {
  return {
    description: `mirrorctl ${input.mirrorctlVersion}: the Lambda healer of traffic-mirroring policy ${input.policy.name} (one stack per region)`,
    parameters: {
      [PARAMETERS.bucket]: {
        Type: 'String',
        Description: "S3 bucket holding handler.zip, in the stack's region",
        MinLength: 3,
        MaxLength: 63,
        AllowedPattern: '^[a-z0-9][a-z0-9.-]*[a-z0-9]$',
        ConstraintDescription: 'an S3 bucket name',
      },
      [PARAMETERS.key]: { Type: 'String', Description: 'S3 key of handler.zip', MinLength: 1 },
      [PARAMETERS.alarmTopic]: {
        Type: 'String',
        Description: 'SNS topic the alarms notify (empty: none)',
        Default: '',
        AllowedPattern: '^(arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\\.fifo)?)?$',
        ConstraintDescription: 'an SNS topic ARN, or empty',
      },
    },
    conditions: { HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': [ref(PARAMETERS.alarmTopic), ''] }] } },
    code: { S3Bucket: ref(PARAMETERS.bucket), S3Key: ref(PARAMETERS.key) },
    alarmTopic: ref(PARAMETERS.alarmTopic),
    // The queue's one message group already runs one batch at a time; this also keeps a hand-made
    // invocation from running beside it.
    reservedConcurrency: 1,
  };
}

export function healerSettingsOf(policy: Policy): HealerSettings {
  return policy.healer ?? DEFAULT_HEALER_SETTINGS;
}

function ruleResource(rule: HealerRule, tags: readonly Tag[]): EventsRule {
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Description: rule.description,
      State: 'ENABLED',
      ...(rule.pattern === undefined ? {} : { EventPattern: rule.pattern }),
      ...(rule.schedule === undefined ? {} : { ScheduleExpression: rule.schedule }),
      Targets: [
        {
          Id: 'HealerQueue',
          Arn: getAtt('Queue', 'Arn'),
          SqsParameters: { MessageGroupId: ref('AWS::Region') },
          DeadLetterConfig: { Arn: getAtt('RuleDeadLetters', 'Arn') },
        },
      ],
      Tags: tags,
    },
  };
}

function dlqAlarm(queue: 'Queue' | 'Rule', tags: readonly Tag[], topic: Str): Alarm {
  const logicalId = queue === 'Queue' ? 'QueueDeadLetters' : 'RuleDeadLetters';
  const what =
    queue === 'Queue'
      ? 'events the healer failed to handle 5 times (its log says why; the next reconcile heals them)'
      : 'events EventBridge could not put on the queue (check the queue policy)';
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: `mirrorctl healer: ${what}`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalId, 'QueueName') }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: alarmActions(topic),
      Tags: tags,
    },
  };
}

const alarmActions = (topic: Str) => ifCondition('HasAlarmTopic', [topic], NO_VALUE);

function queueAccess(rules: readonly HealerRule[]): PolicyDocument<Str> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TheRulesSendEventsAndUndeliverableEvents',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: [getAtt('Queue', 'Arn'), getAtt('RuleDeadLetters', 'Arn')],
        Condition: { ArnEquals: { 'aws:SourceArn': rules.map((rule) => getAtt(rule.logicalId, 'Arn')) } },
      },
    ],
  };
}

export function healerTemplate(input: TemplateInput) {
  return buildHealerTemplate(input, oneAccountForm(input));
}

export function buildHealerTemplate(input: TemplateInput, form: StackForm) {
  const { policy } = input;
  const settings = healerSettingsOf(policy);
  const tags: Tag[] = [{ Key: POLICY_TAG, Value: policy.name }];
  const rules = healerRules(policy, settings.schedule);
  const role: IamRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: `mirrorctl healer of policy ${policy.name}: changes only what the policy owns`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'LambdaRunsTheHealer', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [{ PolicyName: 'mirrorctl-healer', PolicyDocument: substituted(healerRolePolicy(policy, TEMPLATE_ROLE_PLACE)) }],
      Tags: tags,
    },
  };
  const logGroup: LogGroup = {
    Type: 'AWS::Logs::LogGroup',
    ...DELETED_WITH_THE_STACK,
    Properties: { LogGroupName: sub(`/mirrorctl/${PSEUDO.stackName}`), RetentionInDays: settings.logRetentionDays, Tags: tags },
  };
  const fn: LambdaFunction = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Description: `mirrorctl ${input.mirrorctlVersion} healer of policy ${policy.name}`,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: HANDLER,
      Code: form.code,
      Role: getAtt('Role', 'Arn'),
      MemorySize: settings.memoryMb,
      Timeout: settings.timeoutSeconds,
      ReservedConcurrentExecutions: form.reservedConcurrency,
      Environment: { Variables: { MIRRORCTL_POLICY_FILE: BUNDLED_POLICY, POWERTOOLS_METRICS_NAMESPACE: 'mirrorctl' } },
      // Powertools writes JSON lines itself.
      LoggingConfig: { LogGroup: ref('LogGroup'), LogFormat: 'Text' },
      Tags: tags,
    },
  };
  const queue: Queue = {
    Type: 'AWS::SQS::Queue',
    ...DELETED_WITH_THE_STACK,
    Properties: {
      ...(form.queueNames === undefined ? {} : { QueueName: form.queueNames.events }),
      FifoQueue: true,
      ContentBasedDeduplication: true,
      // Lambda's advice for queues feeding a function: six times its timeout, so retries fit.
      VisibilityTimeout: 6 * settings.timeoutSeconds,
      MessageRetentionPeriod: FOUR_DAYS,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: getAtt('QueueDeadLetters', 'Arn'), maxReceiveCount: MAX_RECEIVES },
      Tags: tags,
    },
  };
  const queueDeadLetters: Queue = {
    Type: 'AWS::SQS::Queue',
    ...DELETED_WITH_THE_STACK,
    Properties: {
      ...(form.queueNames === undefined ? {} : { QueueName: form.queueNames.failed }),
      FifoQueue: true,
      MessageRetentionPeriod: FOURTEEN_DAYS,
      SqsManagedSseEnabled: true,
      Tags: tags,
    },
  };
  const ruleDeadLetters: Queue = {
    Type: 'AWS::SQS::Queue',
    ...DELETED_WITH_THE_STACK,
    Properties: { MessageRetentionPeriod: FOURTEEN_DAYS, SqsManagedSseEnabled: true, Tags: tags },
  };
  const queuePolicy: QueuePolicy = {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: { Queues: [ref('Queue'), ref('RuleDeadLetters')], PolicyDocument: queueAccess(rules) },
  };
  const mapping: EventSourceMapping = {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: {
      EventSourceArn: getAtt('Queue', 'Arn'),
      FunctionName: ref('Function'),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      Enabled: true,
      Tags: tags,
    },
  };
  const functionErrors: Alarm = {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: 'mirrorctl healer: invocations failed (an invalid policy or a setup problem; its log says why)',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref('Function') }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: alarmActions(form.alarmTopic),
      Tags: tags,
    },
  };

  const template: Template<Record<string, IamRole | LogGroup | LambdaFunction | Queue | QueuePolicy | EventSourceMapping | EventsRule | Alarm>> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: form.description,
    Metadata: {
      mirrorctl: { version: input.mirrorctlVersion, policy: policy.name, policySha256: input.policySha256 },
      // cfn-lint checks the template in the regions it will be deployed to (runtimes and resource types by region).
      'cfn-lint': { config: { regions: [...policy.regions] } },
    },
    Parameters: form.parameters,
    Rules: {
      PolicyRegion: {
        Assertions: [
          {
            Assert: { 'Fn::Contains': [[...policy.regions], ref('AWS::Region')] },
            AssertDescription: `The policy ${policy.name} manages ${policy.regions.join(', ')}: deploy the healer to those regions only`,
          },
        ],
      },
    },
    Conditions: form.conditions,
    Resources: {
      Role: role,
      LogGroup: logGroup,
      Function: fn,
      Queue: queue,
      QueueDeadLetters: queueDeadLetters,
      RuleDeadLetters: ruleDeadLetters,
      QueuePolicy: queuePolicy,
      QueueToFunction: mapping,
      ...Object.fromEntries(rules.map((rule) => [rule.logicalId, ruleResource(rule, tags)])),
      FunctionErrorsAlarm: functionErrors,
      QueueDeadLettersAlarm: dlqAlarm('Queue', tags, form.alarmTopic),
      RuleDeadLettersAlarm: dlqAlarm('Rule', tags, form.alarmTopic),
    },
    Outputs: {
      FunctionName: { Description: 'The healer function', Value: ref('Function') },
      LogGroupName: { Description: "The healer's logs (one JSON line per decision, AWS call and action)", Value: ref('LogGroup') },
      QueueUrl: { Description: 'The FIFO queue of events (send {"mirrorctl":"reconcile"} with MessageGroupId = the region to reconcile now)', Value: ref('Queue') },
      RoleArn: { Description: "The healer's role", Value: getAtt('Role', 'Arn') },
    },
  };
  return template;
}

export type HealerTemplate = ReturnType<typeof healerTemplate>;
