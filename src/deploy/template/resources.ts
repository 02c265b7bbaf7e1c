/**
 * The properties of the resource types the healer's stack uses, as the CloudFormation resource reference
 * names them (only the properties mirrorctl sets).
 */
import type { If, Ref, Resource, Str, Tag } from './cfn.js';
import type { PolicyDocument } from './iam.js';

export type LambdaFunction = Resource<
  'AWS::Lambda::Function',
  {
    readonly Description: string;
    readonly Runtime: 'nodejs24.x';
    readonly Architectures: readonly ['arm64'];
    readonly Handler: string;
    readonly Code: { readonly S3Bucket: Str; readonly S3Key: Str };
    readonly Role: Str;
    readonly MemorySize: number;
    readonly Timeout: number;
    readonly ReservedConcurrentExecutions: number | If<number>;
    readonly Environment: { readonly Variables: Readonly<Record<string, string>> };
    readonly LoggingConfig: { readonly LogGroup: Str; readonly LogFormat: 'Text' | 'JSON' };
    readonly Tags: readonly Tag[];
  }
>;

export type LogGroup = Resource<
  'AWS::Logs::LogGroup',
  { readonly LogGroupName: Str; readonly RetentionInDays: number; readonly Tags: readonly Tag[] }
>;

export type IamRole = Resource<
  'AWS::IAM::Role',
  {
    /** Absent: CloudFormation names it (CAPABILITY_IAM); set, the stack needs CAPABILITY_NAMED_IAM. */
    readonly RoleName?: string;
    readonly Description: string;
    readonly AssumeRolePolicyDocument: PolicyDocument<Str>;
    readonly Policies: readonly { readonly PolicyName: string; readonly PolicyDocument: unknown }[];
    readonly Tags: readonly Tag[];
  }
>;

export interface RuleTarget {
  readonly Id: string;
  readonly Arn: Str;
  readonly SqsParameters: { readonly MessageGroupId: Str };
  readonly DeadLetterConfig: { readonly Arn: Str };
}

export type EventsRule = Resource<
  'AWS::Events::Rule',
  {
    readonly Description: string;
    readonly State: 'ENABLED';
    readonly EventPattern?: Readonly<Record<string, unknown>>;
    readonly ScheduleExpression?: string;
    readonly Targets: readonly RuleTarget[];
    readonly Tags: readonly Tag[];
  }
>;

export type Queue = Resource<
  'AWS::SQS::Queue',
  {
    /** Absent: CloudFormation names it after the stack. */
    readonly QueueName?: string;
    readonly FifoQueue?: true;
    readonly ContentBasedDeduplication?: true;
    readonly VisibilityTimeout?: number;
    readonly MessageRetentionPeriod: number;
    readonly SqsManagedSseEnabled: true;
    readonly RedrivePolicy?: { readonly deadLetterTargetArn: Str; readonly maxReceiveCount: number };
    readonly Tags: readonly Tag[];
  }
>;

export type QueuePolicy = Resource<
  'AWS::SQS::QueuePolicy',
  { readonly Queues: readonly Str[]; readonly PolicyDocument: PolicyDocument<Str> }
>;

export type EventSourceMapping = Resource<
  'AWS::Lambda::EventSourceMapping',
  {
    readonly EventSourceArn: Str;
    readonly FunctionName: Str;
    readonly BatchSize: number;
    readonly FunctionResponseTypes: readonly ['ReportBatchItemFailures'];
    readonly Enabled: true;
    readonly Tags: readonly Tag[];
  }
>;

export type Alarm = Resource<
  'AWS::CloudWatch::Alarm',
  {
    readonly AlarmDescription: string;
    readonly Namespace: 'AWS/SQS' | 'AWS/Lambda';
    readonly MetricName: string;
    readonly Dimensions: readonly { readonly Name: string; readonly Value: Str }[];
    readonly Statistic: 'Maximum' | 'Sum';
    readonly Period: number;
    readonly EvaluationPeriods: number;
    readonly Threshold: number;
    readonly ComparisonOperator: 'GreaterThanThreshold';
    readonly TreatMissingData: 'notBreaching';
    readonly AlarmActions: If<readonly Str[]> | readonly Str[] | Ref;
    readonly Tags: readonly Tag[];
  }
>;
