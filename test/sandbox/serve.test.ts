/**
 * The sandbox over HTTP (`Sandbox.serve`): a raw SDK client pointed at it must read every answer exactly as
 * the same client reads the in-process sandbox's answer, for every call mirrorctl makes, because the bytes
 * come from the SDK's own operation schemas and go through the SDK's own deserializer.
 */
import {
  CreateTagsCommand,
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorFilterRuleCommand,
  CreateTrafficMirrorSessionCommand,
  CreateTrafficMirrorTargetCommand,
  DeleteTagsCommand,
  DeleteTrafficMirrorFilterCommand,
  DeleteTrafficMirrorFilterRuleCommand,
  DeleteTrafficMirrorSessionCommand,
  DeleteTrafficMirrorTargetCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeTrafficMirrorFilterRulesCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeTrafficMirrorTargetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyTrafficMirrorFilterNetworkServicesCommand,
  ModifyTrafficMirrorFilterRuleCommand,
  ModifyTrafficMirrorSessionCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, generateAccount, type Sandbox, type SandboxServer } from '../../src/sandbox/index.js';
import { ENI, FILTER, GROUP_ARN, hexId, INSTANCE, NLB_ARN, REGION, smallAccount, TARGET, VPC } from './fixture.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** Anything the SDK client sends or receives; each side builds its own client of the same class. */
type AnyClient = { send(command: unknown): Promise<Record<string, unknown>>; destroy(): void };
type Factory = (config: { region: string; endpoint?: string; credentials: typeof CREDENTIALS; maxAttempts: number }) => AnyClient;

const FACTORIES = {
  ec2: (config) => new EC2Client(config) as unknown as AnyClient,
  elbv2: (config) => new ElasticLoadBalancingV2Client(config) as unknown as AnyClient,
  sts: (config) => new STSClient(config) as unknown as AnyClient,
  iam: (config) => new IAMClient(config) as unknown as AnyClient,
} satisfies Record<string, Factory>;

type Service = keyof typeof FACTORIES;

/** The same account twice: one served over HTTP, one wired in-process, both read through real clients. */
class Twins {
  readonly served: Sandbox;
  readonly local: Sandbox;
  private readonly clients: AnyClient[] = [];

  constructor(
    private readonly server: SandboxServer,
    served: Sandbox,
    local: Sandbox,
  ) {
    this.served = served;
    this.local = local;
  }

  get url(): string {
    return this.server.url;
  }

  stats() {
    return this.server.stats();
  }

  client(service: Service, over: 'wire' | 'local'): AnyClient {
    const config = { region: REGION, credentials: CREDENTIALS, maxAttempts: 1 };
    const client = FACTORIES[service](over === 'wire' ? { ...config, endpoint: this.server.url } : config);
    if (over === 'local') this.local.attach(client as never, REGION);
    this.clients.push(client);
    return client;
  }

  /** Sends `command` to both accounts; both must answer alike (or fail alike), and the answer is returned. */
  async both(service: Service, command: () => unknown): Promise<Record<string, unknown>> {
    const [wire, local] = await Promise.allSettled([
      this.client(service, 'wire').send(command()),
      this.client(service, 'local').send(command()),
    ]);
    if (wire.status === 'rejected' || local.status === 'rejected') {
      expect(wire.status, 'both fail or neither does').toBe(local.status);
      const error = (result: PromiseSettledResult<unknown>) => {
        const reason = (result as PromiseRejectedResult).reason as { name: string; message: string; $fault: string; $metadata: { httpStatusCode: number } };
        return { name: reason.name, message: reason.message, fault: reason.$fault, status: reason.$metadata.httpStatusCode };
      };
      expect(error(wire)).toEqual(error(local));
      throw (wire as PromiseRejectedResult).reason;
    }
    const strip = ({ $metadata: _metadata, ...rest }: Record<string, unknown>) => rest;
    expect(strip(wire.value)).toEqual(strip(local.value));
    return strip(wire.value);
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await this.server.close();
  }
}

let twins: Twins;

beforeEach(async () => {
  const file = smallAccount(3);
  // An instance a service manages: its Operator, and its interfaces', cross the wire too.
  const managed = file.regions[REGION]?.instances?.find((instance) => instance.id === INSTANCE.multi);
  if (managed !== undefined) managed.operator = 'eks.amazonaws.com';
  const served = createSandbox(file);
  const server = await served.serve({ port: 0 });
  // A served call carries AWS's details (to have its size); the in-process twin is asked for them too.
  twins = new Twins(server, served, createSandbox(file, { awsDetails: true }));
});

afterEach(async () => {
  await twins.close();
});

describe('sandbox serve: every answer mirrorctl reads parses over HTTP as in-process', () => {
  it('discovery reads: VPCs, subnets, instances, interfaces, types, targets, filters, rules, sessions, regions', async () => {
    await twins.both('ec2', () => new DescribeVpcsCommand({ MaxResults: 1000 }));
    await twins.both('ec2', () => new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [VPC] }] }));
    const page = await twins.both('ec2', () => new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(page['NextToken']).toBeDefined();
    expect(JSON.stringify(page)).toContain('"Operator":{"Managed":true,"Principal":"eks.amazonaws.com"}');
    await twins.both('ec2', () => new DescribeInstancesCommand({ MaxResults: 5, NextToken: page['NextToken'] as string }));
    await twins.both(
      'ec2',
      () =>
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'instance-state-name', Values: ['pending', 'running', 'stopped'] },
            { Name: 'tag:tier', Values: ['web', 'app'] },
          ],
        }),
    );
    await twins.both('ec2', () => new DescribeNetworkInterfacesCommand({ MaxResults: 1000 }));
    await twins.both('ec2', () => new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'requester-managed', Values: ['true'] }] }));
    await twins.both('ec2', () => new DescribeInstanceTypesCommand({ InstanceTypes: ['m5.large', 'm5.metal', 't2.micro'], IncludeUnsupportedInRegion: true }));
    await twins.both('ec2', () => new DescribeTrafficMirrorTargetsCommand({ MaxResults: 1000 }));
    await twins.both('ec2', () => new DescribeTrafficMirrorFiltersCommand({ TrafficMirrorFilterIds: [FILTER] }));
    await twins.both('ec2', () => new DescribeTrafficMirrorFilterRulesCommand({ TrafficMirrorFilterId: FILTER }));
    await twins.both('ec2', () => new DescribeTrafficMirrorSessionsCommand({ Filters: [{ Name: 'network-interface-id', Values: [ENI.t2] }] }));
    await twins.both('ec2', () => new DescribeRegionsCommand({}));
  });

  it('the load balancer reads and the identity calls', async () => {
    await twins.both('elbv2', () => new DescribeLoadBalancersCommand({ LoadBalancerArns: [NLB_ARN] }));
    await twins.both('elbv2', () => new DescribeListenersCommand({ LoadBalancerArn: NLB_ARN, PageSize: 400 }));
    await twins.both('elbv2', () => new DescribeTargetGroupsCommand({ TargetGroupArns: [GROUP_ARN] }));
    await twins.both('elbv2', () => new DescribeTargetHealthCommand({ TargetGroupArn: GROUP_ARN }));
    const caller = await twins.both('sts', () => new GetCallerIdentityCommand({}));
    expect(caller['Account']).toBe('111122223333');
    await twins.both('iam', () => new ListAccountAliasesCommand({}));
  });

  it("apply's writes: create, modify, tag and delete sessions, targets, filters and rules", async () => {
    const filter = await twins.both('ec2', () => new CreateTrafficMirrorFilterCommand({ Description: 'wire & co', ClientToken: 'filter-1' }));
    const filterId = (filter['TrafficMirrorFilter'] as { TrafficMirrorFilterId: string }).TrafficMirrorFilterId;
    await twins.both('ec2', () => new ModifyTrafficMirrorFilterNetworkServicesCommand({ TrafficMirrorFilterId: filterId, AddNetworkServices: ['amazon-dns'] }));
    const rule = await twins.both(
      'ec2',
      () =>
        new CreateTrafficMirrorFilterRuleCommand({
          TrafficMirrorFilterId: filterId,
          TrafficDirection: 'egress',
          RuleNumber: 200,
          RuleAction: 'reject',
          Protocol: 6,
          DestinationPortRange: { FromPort: 22, ToPort: 22 },
          SourceCidrBlock: '10.0.0.0/8',
          DestinationCidrBlock: '0.0.0.0/0',
          Description: 'no <ssh>',
          ClientToken: 'rule-1',
          TagSpecifications: [{ ResourceType: 'traffic-mirror-filter-rule', Tags: [{ Key: 'mirrorctl:key', Value: 'rule/1' }] }],
        }),
    );
    const ruleId = (rule['TrafficMirrorFilterRule'] as { TrafficMirrorFilterRuleId: string }).TrafficMirrorFilterRuleId;
    await twins.both('ec2', () => new ModifyTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: ruleId, RuleNumber: 210, RemoveFields: ['description'] }));
    const target = await twins.both('ec2', () => new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached, ClientToken: 'target-1' }));
    const targetId = (target['TrafficMirrorTarget'] as { TrafficMirrorTargetId: string }).TrafficMirrorTargetId;
    const session = await twins.both(
      'ec2',
      () =>
        new CreateTrafficMirrorSessionCommand({
          NetworkInterfaceId: hexId('eni', 0x100001),
          TrafficMirrorTargetId: TARGET.nlb,
          TrafficMirrorFilterId: filterId,
          SessionNumber: 1,
          ClientToken: 'session-1',
          TagSpecifications: [{ ResourceType: 'traffic-mirror-session', Tags: [{ Key: 'mirrorctl:policy', Value: 'wire' }] }],
        }),
    );
    const sessionId = (session['TrafficMirrorSession'] as { TrafficMirrorSessionId: string }).TrafficMirrorSessionId;
    await twins.both('ec2', () => new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: sessionId, PacketLength: 128, RemoveFields: ['description'] }));
    await twins.both('ec2', () => new CreateTagsCommand({ Resources: [sessionId], Tags: [{ Key: 'owner', Value: 'wire' }] }));
    await twins.both('ec2', () => new DeleteTagsCommand({ Resources: [sessionId], Tags: [{ Key: 'owner' }] }));
    await twins.both('ec2', () => new DescribeTrafficMirrorSessionsCommand({ Filters: [{ Name: 'tag:mirrorctl:policy', Values: ['wire'] }] }));
    await twins.both('ec2', () => new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: sessionId }));
    await twins.both('ec2', () => new DeleteTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: ruleId }));
    await twins.both('ec2', () => new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: filterId }));
    await twins.both('ec2', () => new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: targetId }));
    expect(twins.served.toFile()).toEqual(twins.local.toFile());
  });

  it('errors: the code, message, fault and status of the in-process error', async () => {
    const missing = hexId('tms', 0xdead);
    await expect(twins.both('ec2', () => new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: missing }))).rejects.toMatchObject({
      name: 'InvalidTrafficMirrorSessionId.NotFound',
      message: `The traffic mirror session ID '${missing}' does not exist`,
      $fault: 'client',
    });
    await expect(twins.both('ec2', () => new DescribeInstancesCommand({ InstanceIds: [ENI.t2], MaxResults: 5 }))).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
    await expect(twins.both('elbv2', () => new DescribeListenersCommand({ LoadBalancerArn: NLB_ARN.replace('0123', '9999') }))).rejects.toMatchObject({
      name: 'LoadBalancerNotFoundException',
    });
  });

  it('counts the calls it serves like in-process calls, and the bytes it sent', async () => {
    await twins.both('ec2', () => new DescribeVpcsCommand({}));
    expect(twins.served.calls.byAction).toEqual({ DescribeVpcs: 1 });
    expect(twins.stats()).toMatchObject({ answers: 1, bytesByAction: { DescribeVpcs: expect.any(Number) } });
  });
});

describe('sandbox serve: requests that are not AWS calls', () => {
  const post = (body: string, authorization?: string) =>
    fetch(twins.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization === undefined ? {} : { authorization }) },
      body,
    });
  const signed = (service: string) => `AWS4-HMAC-SHA256 Credential=AKID/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

  it('refuses unsigned requests, unknown services and actions with an AWS error body', async () => {
    const unsigned = await post('Action=DescribeVpcs&Version=2016-11-15');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const s3 = await post('Action=ListBuckets', signed('s3'));
    expect(s3.status).toBe(400);
    expect(await s3.text()).toContain('<Code>InvalidAction</Code>');
    const unknown = await post('Action=RunInstances&Version=2016-11-15', signed('ec2'));
    expect(await unknown.text()).toContain('The sandbox does not simulate the EC2 action RunInstances');
    const bogus = await post('Action=Describe%3Cx%3E&Version=2016-11-15', signed('ec2'));
    expect(await bogus.text()).toContain('<Code>InvalidAction</Code>');
  });
});

describe('sandbox serve: answers of the size AWS sends', () => {
  it('about 4.5 KB of XML per instance with 1.2 interfaces, as a 1,000-instance page of AWS is about 4.5 MB', async () => {
    const file = generateAccount({ seed: 5, regions: [REGION], vpcsPerRegion: 3, instances: 300, interfacesPerInstance: 1.2 });
    const server = await createSandbox(file).serve({ port: 0 });
    try {
      const answer = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: 'Action=DescribeInstances&Version=2016-11-15&MaxResults=1000',
      });
      const bytes = (await answer.arrayBuffer()).byteLength;
      expect(bytes / 300).toBeGreaterThan(4_000);
      expect(bytes / 300).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });
});
