/**
 * The ELBv2 calls a managed load balancer needs, with AWS's error codes: health checks (never UDP), listener
 * ports, registrations in the right VPC, deletion protection, a load balancer still provisioning.
 */
import { CreateTrafficMirrorTargetCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  SetSubnetsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox, type SandboxFile } from '../../src/sandbox/index.js';
import { hexId, INSTANCE, REGION, smallAccount, SUBNET_A, SUBNET_B, VPC } from './fixture.js';

const OTHER_VPC = hexId('vpc', 2);
const OTHER_SUBNET = hexId('subnet', 9);
const OTHER_INSTANCE = hexId('i', 0x999);

function account(): SandboxFile {
  const file = smallAccount(1);
  const region = file.regions[REGION] ?? {};
  region.vpcs = [...(region.vpcs ?? []), { id: OTHER_VPC, cidr: '10.9.0.0/16' }];
  region.subnets = [...(region.subnets ?? []), { id: OTHER_SUBNET, vpcId: OTHER_VPC, az: `${REGION}a`, cidr: '10.9.0.0/24' }];
  region.instances = [
    ...(region.instances ?? []),
    { id: OTHER_INSTANCE, type: 'c5n.large', state: 'running', subnetId: OTHER_SUBNET, interfaces: [{ id: hexId('eni', 0x999), deviceIndex: 0 }] },
  ];
  return file;
}

function world(options: Parameters<typeof createSandbox>[1] = {}): { sandbox: Sandbox; elb: ElasticLoadBalancingV2Client } {
  const sandbox = createSandbox(account(), options);
  return { sandbox, elb: sandbox.elbv2(REGION) };
}

const nlb = (elb: ElasticLoadBalancingV2Client, subnets = [SUBNET_A], securityGroups?: string[]) =>
  elb
    .send(
      new CreateLoadBalancerCommand({
        Name: 'managed',
        Type: 'network',
        Scheme: 'internal',
        Subnets: subnets,
        ...(securityGroups === undefined ? {} : { SecurityGroups: securityGroups }),
      }),
    )
    .then((output) => output.LoadBalancers?.[0]?.LoadBalancerArn ?? '');

const group = (elb: ElasticLoadBalancingV2Client, name = 'managed-vxlan', extra = {}) =>
  elb
    .send(
      new CreateTargetGroupCommand({
        Name: name,
        Protocol: 'UDP',
        Port: 4789,
        VpcId: VPC,
        TargetType: 'instance',
        HealthCheckProtocol: 'TCP',
        HealthCheckPort: '22',
        ...extra,
      }),
    )
    .then((output) => output.TargetGroups?.[0]?.TargetGroupArn ?? '');

const forward = (arn: string) => [{ Type: 'forward' as const, TargetGroupArn: arn }];

describe('health checks', () => {
  it('refuses UDP, TCP_UDP, TLS and GENEVE health checks with ValidationError, on create and on modify', async () => {
    const { elb } = world();
    for (const protocol of ['UDP', 'TCP_UDP', 'TLS', 'GENEVE'] as const) {
      await expect(group(elb, `g-${protocol.toLowerCase().replace('_', '-')}`, { HealthCheckProtocol: protocol })).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('cannot be used for health checks'),
      });
    }
    const arn = await group(elb);
    await expect(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckProtocol: 'UDP' }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it("takes ELBv2's defaults, changes in place, and checks ranges and the HTTP-only path", async () => {
    const { elb } = world();
    const arn = await group(elb);
    const created = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups?.[0];
    expect(created).toMatchObject({
      HealthCheckProtocol: 'TCP',
      HealthCheckPort: '22',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 10,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
    });
    const modified = await elb.send(
      new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckProtocol: 'HTTP', HealthCheckPath: '/healthz', HealthyThresholdCount: 3 }),
    );
    expect(modified.TargetGroups?.[0]).toMatchObject({ HealthCheckProtocol: 'HTTP', HealthCheckPath: '/healthz', HealthyThresholdCount: 3, HealthCheckTimeoutSeconds: 6 });
    await expect(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthyThresholdCount: 11 }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(group(elb, 'tcp-path', { HealthCheckPath: '/x' })).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('is part of what makes a second create of the same name the same group', async () => {
    const { elb } = world();
    const arn = await group(elb);
    expect(await group(elb)).toBe(arn);
    await expect(group(elb, 'managed-vxlan', { HealthyThresholdCount: 3 })).rejects.toMatchObject({
      name: 'DuplicateTargetGroupNameException',
    });
  });
});

describe('listeners', () => {
  it('refuse a second listener on the same port (DuplicateListener); ModifyListener moves the default action', async () => {
    const { elb } = world();
    const lb = await nlb(elb);
    const first = await group(elb);
    const second = await group(elb, 'second-vxlan');
    const listener = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'UDP', Port: 4789, DefaultActions: forward(first) })))
      .Listeners?.[0]?.ListenerArn;
    await expect(
      elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'UDP', Port: 4789, DefaultActions: forward(second) })),
    ).rejects.toMatchObject({ name: 'DuplicateListenerException' });
    const moved = await elb.send(new ModifyListenerCommand({ ListenerArn: listener, DefaultActions: forward(second) }));
    expect(moved.Listeners?.[0]?.DefaultActions?.[0]?.TargetGroupArn).toBe(second);
  });
});

describe('registrations', () => {
  it('refuse an instance in another VPC than the target group (InvalidTarget)', async () => {
    const { elb } = world();
    const arn = await group(elb);
    await expect(elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: OTHER_INSTANCE }] }))).rejects.toMatchObject({
      name: 'InvalidTargetException',
      message: expect.stringContaining(`not in the target group VPC '${VPC}'`),
    });
    await expect(elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: INSTANCE.sensor }] }))).resolves.toBeDefined();
  });

  it("refuse an IP outside the group's VPC unless registered with Availability Zone all", async () => {
    const { elb } = world();
    const arn = await group(elb, 'ip-vxlan', { TargetType: 'ip' });
    await expect(elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.9.0.5' }] }))).rejects.toMatchObject({
      name: 'InvalidTargetException',
    });
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.9.0.5', AvailabilityZone: 'all' }, { Id: '10.0.1.7' }] }));
    const lb = await nlb(elb, [SUBNET_A]);
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'UDP', Port: 4789, DefaultActions: forward(arn) }));
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    // 10.0.1.7 is in subnet b's block, a zone the load balancer is not enabled in.
    expect(health.TargetHealthDescriptions?.map((item) => [item.Target?.Id, item.Target?.AvailabilityZone, item.TargetHealth?.State, item.TargetHealth?.Reason])).toEqual([
      ['10.9.0.5', 'all', 'healthy', undefined],
      ['10.0.1.7', undefined, 'unused', 'Target.NotInUse'],
    ]);
  });
});

describe('load balancers', () => {
  it('keep their security groups, gain zones in place, and refuse to drop one', async () => {
    const { elb } = world();
    const arn = await nlb(elb, [SUBNET_A], ['sg-0123456789abcdef0']);
    await expect(nlb(elb, [SUBNET_A])).rejects.toMatchObject({ name: 'DuplicateLoadBalancerNameException' });
    await elb.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: [SUBNET_A, SUBNET_B] }));
    const described = (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))).LoadBalancers?.[0];
    expect(described?.SecurityGroups).toEqual(['sg-0123456789abcdef0']);
    expect(described?.AvailabilityZones?.map((zone) => zone.SubnetId)).toEqual([SUBNET_A, SUBNET_B]);
    await expect(elb.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: [SUBNET_B] }))).rejects.toMatchObject({
      name: 'InvalidConfigurationRequestException',
    });
  });

  it('with deletion protection cannot be deleted (OperationNotPermitted) until it is turned off', async () => {
    const { elb } = world();
    const arn = await nlb(elb);
    await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
    await expect(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }))).rejects.toMatchObject({
      name: 'OperationNotPermittedException',
      message: expect.stringContaining('deletion protection is enabled'),
    });
    await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    expect((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.map((lb) => lb.LoadBalancerArn)).not.toContain(arn);
  });

  it('stay provisioning for a while; a mirror target on one is refused (IncorrectState) until it is active', async () => {
    let now = 1_000;
    const { sandbox, elb } = world({ loadBalancerProvisioningMs: 60_000, now: () => now });
    const arn = await nlb(elb);
    const state = async () => (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))).LoadBalancers?.[0]?.State?.Code;
    expect(await state()).toBe('provisioning');
    await expect(sandbox.ec2(REGION).send(new CreateTrafficMirrorTargetCommand({ NetworkLoadBalancerArn: arn }))).rejects.toMatchObject({
      name: 'IncorrectState',
    });
    now += 60_000;
    expect(await state()).toBe('active');
    await expect(sandbox.ec2(REGION).send(new CreateTrafficMirrorTargetCommand({ NetworkLoadBalancerArn: arn }))).resolves.toBeDefined();
  });

  it("a scripted fault after the create loses the response; the SDK's retry gets the same load balancer by name", async () => {
    const { sandbox, elb } = world({ scriptedFaults: [{ action: 'CreateLoadBalancer', when: 'after' }] });
    const arn = await nlb(elb);
    expect(sandbox.calls.byAction['CreateLoadBalancer']).toBe(2);
    expect((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.filter((lb) => lb.LoadBalancerName === 'managed').map((lb) => lb.LoadBalancerArn)).toEqual([arn]);
    expect(sandbox.calls.faults).toBe(1);
  });
});
