/**
 * The healer's CloudFormation template: its rules match exactly the events the handler acts on (checked
 * with EventBridge's matching rules against the example events), the function is configured the way the
 * handler expects, and the plumbing between them (FIFO queue, dead letters, alarms, tags) is all there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY_TAG } from '../../src/core/ownership.js';
import type { Policy } from '../../src/core/types/policy.js';
import { BUNDLED_POLICY } from '../../src/app/heal/policy-source.js';
import { substituted } from '../../src/deploy/template/cfn.js';
import { HANDLER, healerRolePolicy, healerTemplate, HEALED_CALLS, TEMPLATE_ROLE_PLACE, type HealerTemplate } from '../../src/deploy/template/index.js';
import { parseEvent, triggerOf } from '../../src/events/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { matchesPattern } from './event-pattern.js';

const DEMO_POLICY = 'examples/sandbox/mirror.config.yaml';

async function templateOf(file: string): Promise<{ policy: Policy; template: HealerTemplate }> {
  const { policy, hash } = await loadPolicyOrThrow(file);
  return { policy, template: healerTemplate({ policy, policySha256: hash, mirrorctlVersion: '0.1.0' }) };
}

const resourcesOf = (template: HealerTemplate, type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type) as [string, { Properties: Record<string, any> }][];

function rulesMatching(template: HealerTemplate, event: Record<string, unknown>): string[] {
  return resourcesOf(template, 'AWS::Events::Rule')
    .filter(([, rule]) => rule.Properties['EventPattern'] !== undefined && matchesPattern(rule.Properties['EventPattern'], event))
    .map(([id]) => id);
}

const example = (name: string) => JSON.parse(readFileSync(`examples/events/${name}`, 'utf8')) as Record<string, any>;

describe('the rules: exactly the events the handler acts on', () => {
  it('routes each example event to the rule for it, and a failed call to none', async () => {
    const { template } = await templateOf(DEMO_POLICY);
    const routed = Object.fromEntries(
      readdirSync('examples/events')
        .filter((name) => name.endsWith('.json') && !name.startsWith('sqs-') && !name.startsWith('scheduler-'))
        .map((name) => [name, rulesMatching(template, example(name))]),
    );
    expect(routed).toEqual({
      'attach-network-interface.json': ['InterfaceAndMirroringCallRule'],
      'create-tags-exclude.json': ['PolicyTagCallRule'],
      'create-traffic-mirror-session-failed.json': [],
      'delete-tags.json': ['PolicyTagCallRule'],
      'delete-traffic-mirror-filter-rule.json': ['InterfaceAndMirroringCallRule'],
      'delete-traffic-mirror-filter.json': ['InterfaceAndMirroringCallRule'],
      'delete-traffic-mirror-session.json': ['InterfaceAndMirroringCallRule'],
      'delete-traffic-mirror-target.json': ['InterfaceAndMirroringCallRule'],
      'detach-network-interface.json': ['InterfaceAndMirroringCallRule'],
      'instance-running.json': ['InstanceStateRule'],
      'instance-stopped.json': ['InstanceStateRule'],
      'instance-terminated.json': ['InstanceStateRule'],
      'modify-traffic-mirror-session.json': ['InterfaceAndMirroringCallRule'],
      // A rule's schedule delivers it; no pattern asks for it.
      'scheduled-event.json': [],
    });
  });

  it('subscribes to a CloudTrail call exactly when the handler acts on it, and never to a failed one', async () => {
    const { policy, template } = await templateOf(DEMO_POLICY);
    const self = { accountId: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/mirrorctl-healer/session' };
    const base = example('attach-network-interface.json');
    const names = [...HEALED_CALLS, 'RunInstances', 'TerminateInstances', 'CreateNetworkInterface', 'ModifyTrafficMirrorFilterRule', 'CreateTrafficMirrorTarget'];
    for (const eventName of names) {
      const event = { ...base, detail: { ...base['detail'], eventName } };
      const acted = triggerOf(parseEvent(event), { policy, self, defaultRegion: 'us-east-1' }).kind !== 'ignore';
      expect(rulesMatching(template, event).length > 0, `${eventName}: the handler ${acted ? 'acts' : 'does not act'}`).toBe(acted);
      expect(rulesMatching(template, { ...event, detail: { ...event['detail'], errorCode: 'Client.UnauthorizedOperation' } }), eventName).toEqual([]);
    }
  });

  it('tag changes: only keys the policy selects or excludes by, and a DeleteTags of every tag', async () => {
    const { template } = await templateOf(DEMO_POLICY);
    const tags = (eventName: string, tagSet: unknown) => {
      const event = example('create-tags-exclude.json');
      const { tagSet: _dropped, ...parameters } = event['detail']['requestParameters'];
      return { ...event, detail: { ...event['detail'], eventName, requestParameters: { ...parameters, ...(tagSet === undefined ? {} : { tagSet }) } } };
    };
    expect(rulesMatching(template, tags('CreateTags', { items: [{ key: 'tier', value: 'web' }] }))).toEqual(['PolicyTagCallRule']);
    expect(rulesMatching(template, tags('CreateTags', { items: [{ key: 'Owner', value: 'me' }, { key: 'mirroring', value: 'enabled' }] }))).toEqual(['PolicyTagCallRule']);
    expect(rulesMatching(template, tags('CreateTags', { items: [{ key: 'Owner', value: 'me' }] }))).toEqual([]);
    expect(rulesMatching(template, tags('DeleteTags', undefined))).toEqual(['PolicyTagCallRule']);
    expect(rulesMatching(template, tags('CreateTags', undefined))).toEqual([]);
  });

  it('has no tag rule for a policy that selects by no tag', async () => {
    const { policy, hash } = await loadPolicyOrThrow('examples/single-vpc-nlb.yaml');
    const untagged: Policy = { ...policy, exclude: { ...policy.exclude, tags: {} } };
    expect(Object.keys(healerTemplate({ policy: untagged, policySha256: hash, mirrorctlVersion: '0' }).Resources)).not.toContain('PolicyTagCallRule');
    expect(Object.keys(healerTemplate({ policy, policySha256: hash, mirrorctlVersion: '0' }).Resources)).toContain('PolicyTagCallRule');
  });

  it('puts every event, and the schedule, on the FIFO queue in the message group of the region, with a dead-letter queue', async () => {
    const { template } = await templateOf(DEMO_POLICY);
    const rules = resourcesOf(template, 'AWS::Events::Rule');
    expect(rules.map(([id]) => id).sort()).toEqual(['InstanceStateRule', 'InterfaceAndMirroringCallRule', 'PolicyTagCallRule', 'ReconcileSchedule']);
    for (const [, rule] of rules) {
      expect(rule.Properties['Targets']).toEqual([
        {
          Id: 'HealerQueue',
          Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
          SqsParameters: { MessageGroupId: { Ref: 'AWS::Region' } },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['RuleDeadLetters', 'Arn'] } },
        },
      ]);
    }
    const queue = template.Resources['Queue']?.Properties as Record<string, any>;
    expect(queue).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: true, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['QueueDeadLetters', 'Arn'] } } });
    // A FIFO queue's dead letters are FIFO; EventBridge takes only a standard queue.
    expect(template.Resources['QueueDeadLetters']?.Properties).toMatchObject({ FifoQueue: true });
    expect(template.Resources['RuleDeadLetters']?.Properties).not.toHaveProperty('FifoQueue');
    const mapping = template.Resources['QueueToFunction']?.Properties as Record<string, any>;
    expect(mapping).toMatchObject({ EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('schedules the full reconcile from the policy, hourly by default', async () => {
    const schedule = (template: HealerTemplate) => (template.Resources['ReconcileSchedule']?.Properties as Record<string, any>)['ScheduleExpression'];
    expect(schedule((await templateOf(DEMO_POLICY)).template)).toBe('rate(1 hour)');
    const { policy, hash } = await loadPolicyOrThrow(DEMO_POLICY);
    const every15 = healerTemplate({ policy: { ...policy, healer: { ...policy.healer!, schedule: 'rate(15 minutes)' } }, policySha256: hash, mirrorctlVersion: '0' });
    expect(schedule(every15)).toBe('rate(15 minutes)');
  });
});

describe('the function and its role', () => {
  it('runs the bundled handler on nodejs24.x and arm64, with the policy file the handler reads and nothing else', async () => {
    const { template } = await templateOf(DEMO_POLICY);
    const fn = template.Resources['Function']?.Properties as Record<string, any>;
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: HANDLER,
      Code: { S3Bucket: { Ref: 'ArtifactBucket' }, S3Key: { Ref: 'ArtifactKey' } },
      MemorySize: 512,
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
    });
    expect(fn['Environment']).toEqual({ Variables: { MIRRORCTL_POLICY_FILE: BUNDLED_POLICY, POWERTOOLS_METRICS_NAMESPACE: 'mirrorctl' } });
    expect(JSON.stringify(template)).not.toContain('Transform');
    const queue = template.Resources['Queue']?.Properties as Record<string, any>;
    expect(queue['VisibilityTimeout']).toBe(6 * 300);
  });

  it("embeds the generated role policy, and writes its logs to a log group kept the policy's days", async () => {
    const { policy, template } = await templateOf(DEMO_POLICY);
    const role = template.Resources['Role']?.Properties as Record<string, any>;
    expect(role['Policies']).toEqual([{ PolicyName: 'mirrorctl-healer', PolicyDocument: substituted(healerRolePolicy(policy, TEMPLATE_ROLE_PLACE)) }]);
    expect(JSON.stringify(role['Policies'])).not.toMatch(/"Action":"[a-z0-9]+:\*"|"\*"\]?,"Effect"/);
    expect(template.Resources['LogGroup']?.Properties).toMatchObject({ RetentionInDays: 30 });
    expect((template.Resources['Function']?.Properties as Record<string, any>)['LoggingConfig']).toEqual({ LogGroup: { Ref: 'LogGroup' }, LogFormat: 'Text' });
  });

  it('holds, once CloudFormation resolves it, exactly the role document the IAM tests evaluate', async () => {
    const { policy, template } = await templateOf(DEMO_POLICY);
    const place = { partition: 'aws', region: 'eu-west-1', account: '123456789012', queueArn: 'arn:queue', logGroupArn: 'arn:log-group' };
    const values: Record<string, string> = {
      'AWS::Partition': place.partition,
      'AWS::Region': place.region,
      'AWS::AccountId': place.account,
      'Queue.Arn': place.queueArn,
      'LogGroup.Arn': place.logGroupArn,
    };
    const resolve = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(resolve);
      if (typeof value !== 'object' || value === null) return value;
      const text = (value as { 'Fn::Sub'?: string })['Fn::Sub'];
      if (text !== undefined) return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => values[name] ?? `unresolved ${name}`);
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
    };
    const embedded = (template.Resources['Role']?.Properties as Record<string, any>)['Policies'][0].PolicyDocument;
    expect(resolve(embedded)).toEqual(healerRolePolicy(policy, place));
  });

  it('alarms on both dead-letter queues and on function errors, notifying the topic given as a parameter', async () => {
    const { template } = await templateOf(DEMO_POLICY);
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => [alarm.Properties['MetricName'], alarm.Properties['Dimensions'][0].Value]);
    expect(alarms).toEqual([
      ['Errors', { Ref: 'Function' }],
      ['ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': ['QueueDeadLetters', 'QueueName'] }],
      ['ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': ['RuleDeadLetters', 'QueueName'] }],
    ]);
    expect(Object.keys(template.Parameters)).toEqual(['ArtifactBucket', 'ArtifactKey', 'AlarmTopicArn']);
  });

  it('tags every resource that takes tags with the policy name, and refuses regions the policy does not list', async () => {
    const { policy, template } = await templateOf(DEMO_POLICY);
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type === 'AWS::SQS::QueuePolicy') continue;
      expect((resource.Properties as { Tags?: unknown }).Tags, id).toEqual([{ Key: POLICY_TAG, Value: policy.name }]);
    }
    expect(template.Rules['PolicyRegion']?.Assertions[0]?.Assert).toEqual({ 'Fn::Contains': [['us-east-1', 'eu-west-1'], { Ref: 'AWS::Region' }] });
  });

  it('is the same template for the same policy', async () => {
    expect(JSON.stringify((await templateOf(DEMO_POLICY)).template)).toBe(JSON.stringify((await templateOf(DEMO_POLICY)).template));
  });
});
