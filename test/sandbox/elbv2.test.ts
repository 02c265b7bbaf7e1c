import { CreateTrafficMirrorTargetCommand, DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyLoadBalancerAttributesCommand,
  RegisterTargetsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { GROUP_ARN, INSTANCE, NLB_ARN, REGION, smallAccount, SUBNET_A, SUBNET_B, VPC } from './fixture.js';

let sandbox: Sandbox;
let elb: ElasticLoadBalancingV2Client;

beforeEach(() => {
  sandbox = createSandbox(smallAccount());
  elb = sandbox.elbv2(REGION);
});

const createNlb = (name = 'mirror', subnets = [SUBNET_A, SUBNET_B]) =>
  elb.send(new CreateLoadBalancerCommand({ Name: name, Type: 'network', Scheme: 'internal', Subnets: subnets, Tags: [{ Key: 'app', Value: 'ndr' }] }));

const createGroup = (name = 'mirror-vxlan') =>
  elb.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: 'UDP', Port: 4789, VpcId: VPC, TargetType: 'instance', HealthCheckProtocol: 'TCP', HealthCheckPort: '22' }),
  );

describe('load balancers', () => {
  it('creates an NLB with an interface per subnet, idempotently by name', async () => {
    const created = await createNlb();
    const lb = created.LoadBalancers?.[0];
    expect(lb).toMatchObject({ LoadBalancerName: 'mirror', Type: 'network', Scheme: 'internal', VpcId: VPC, State: { Code: 'active' } });
    expect(lb?.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer\/net\/mirror\/[0-9a-f]{16}$/);
    expect((await createNlb()).LoadBalancers?.[0]?.LoadBalancerArn).toBe(lb?.LoadBalancerArn);
    await expect(createNlb('mirror', [SUBNET_A])).rejects.toMatchObject({ name: 'DuplicateLoadBalancerNameException' });
    const enis = await sandbox.ec2(REGION).send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: ['ELB net/mirror/*'] }] }),
    );
    expect(enis.NetworkInterfaces?.map((eni) => [eni.InterfaceType, eni.RequesterManaged])).toEqual([
      ['network_load_balancer', true],
      ['network_load_balancer', true],
    ]);
  });

  it('validates names and subnets', async () => {
    await expect(createNlb('-bad-')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(createNlb('ok', ['subnet-0000000000000dead'])).rejects.toMatchObject({ name: 'SubnetNotFoundException' });
  });

  it('sets and describes attributes, and deletion protection blocks deletion', async () => {
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: NLB_ARN,
        Attributes: [
          { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
          { Key: 'deletion_protection.enabled', Value: 'true' },
        ],
      }),
    );
    const attributes = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: NLB_ARN }));
    expect(attributes.Attributes).toContainEqual({ Key: 'load_balancing.cross_zone.enabled', Value: 'true' });
    await expect(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: NLB_ARN }))).rejects.toMatchObject({
      name: 'OperationNotPermittedException',
    });
    await expect(
      elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: NLB_ARN, Attributes: [{ Key: 'nope', Value: 'x' }] })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('deleting a load balancer removes its listeners and interfaces; a missing one deletes quietly', async () => {
    const arn = (await createNlb()).LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const group = (await createGroup()).TargetGroups?.[0]?.TargetGroupArn ?? '';
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: arn, Protocol: 'UDP', Port: 4789, DefaultActions: [{ Type: 'forward', TargetGroupArn: group }] }));
    await expect(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: group }))).rejects.toMatchObject({ name: 'ResourceInUseException' });
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    await expect(elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn }))).rejects.toMatchObject({
      name: 'LoadBalancerNotFoundException',
    });
    await expect(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }))).resolves.toBeDefined();
    await expect(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: group }))).resolves.toBeDefined();
    const enis = await sandbox.ec2(REGION).send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: ['ELB net/mirror/*'] }] }),
    );
    expect(enis.NetworkInterfaces).toEqual([]);
  });

  it('an NLB created through ELBv2 can become a traffic mirror target', async () => {
    const arn = (await createNlb()).LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const target = await sandbox.ec2(REGION).send(new CreateTrafficMirrorTargetCommand({ NetworkLoadBalancerArn: arn }));
    expect(target.TrafficMirrorTarget).toMatchObject({ Type: 'network-load-balancer', NetworkLoadBalancerArn: arn });
  });
});

describe('target groups and listeners', () => {
  it('rejects a UDP health check, as ELBv2 does', async () => {
    await expect(
      elb.send(new CreateTargetGroupCommand({ Name: 'x', Protocol: 'UDP', Port: 4789, VpcId: VPC, HealthCheckProtocol: 'UDP' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('creates a UDP 4789 listener and refuses incompatible or duplicate ones', async () => {
    const listener = await elb.send(
      new CreateListenerCommand({ LoadBalancerArn: NLB_ARN, Protocol: 'UDP', Port: 4789, DefaultActions: [{ Type: 'forward', TargetGroupArn: GROUP_ARN }] }),
    );
    expect(listener.Listeners?.[0]).toMatchObject({ Protocol: 'UDP', Port: 4789, DefaultActions: [{ Type: 'forward', TargetGroupArn: GROUP_ARN }] });
    const tcpGroup = (await elb.send(new CreateTargetGroupCommand({ Name: 'tcp', Protocol: 'TCP', Port: 80, VpcId: VPC }))).TargetGroups?.[0]?.TargetGroupArn;
    await expect(
      elb.send(new CreateListenerCommand({ LoadBalancerArn: NLB_ARN, Protocol: 'UDP', Port: 4790, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcpGroup ?? '' }] })),
    ).rejects.toMatchObject({ name: 'IncompatibleProtocolsException' });
    await expect(
      elb.send(new CreateListenerCommand({ LoadBalancerArn: NLB_ARN, Protocol: 'TCP', Port: 4789, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcpGroup ?? '' }] })),
    ).rejects.toMatchObject({ name: 'DuplicateListenerException' });
    const groups = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: NLB_ARN }));
    expect(groups.TargetGroups?.map((group) => group.TargetGroupArn)).toEqual([GROUP_ARN]);
  });

  it('registers running instances and reports their health', async () => {
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: NLB_ARN, Protocol: 'UDP', Port: 4789, DefaultActions: [{ Type: 'forward', TargetGroupArn: GROUP_ARN }] }));
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: GROUP_ARN, Targets: [{ Id: INSTANCE.sensor }] }));
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: GROUP_ARN }));
    expect(health.TargetHealthDescriptions).toEqual([
      expect.objectContaining({ Target: { Id: INSTANCE.sensor, Port: 4789 }, TargetHealth: { State: 'healthy' } }),
    ]);
    sandbox.stopInstance(REGION, INSTANCE.t2);
    await expect(
      elb.send(new RegisterTargetsCommand({ TargetGroupArn: GROUP_ARN, Targets: [{ Id: INSTANCE.t2 }] })),
    ).rejects.toMatchObject({ name: 'InvalidTargetException' });
  });

  it('tags and describes tags of load balancers and target groups', async () => {
    await elb.send(new AddTagsCommand({ ResourceArns: [NLB_ARN, GROUP_ARN], Tags: [{ Key: 'mirrorctl:policy', Value: 'demo' }] }));
    const tags = await elb.send(new DescribeTagsCommand({ ResourceArns: [NLB_ARN, GROUP_ARN] }));
    expect(tags.TagDescriptions).toEqual([
      { ResourceArn: NLB_ARN, Tags: [{ Key: 'mirrorctl:policy', Value: 'demo' }] },
      { ResourceArn: GROUP_ARN, Tags: [{ Key: 'mirrorctl:policy', Value: 'demo' }] },
    ]);
  });

  it('pages DescribeLoadBalancers with PageSize and Marker', async () => {
    await createNlb('second');
    const first = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 1 }));
    const second = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 1, Marker: first.NextMarker ?? '' }));
    expect(first.LoadBalancers).toHaveLength(1);
    expect(second.LoadBalancers).toHaveLength(1);
    expect(second.NextMarker).toBeUndefined();
    expect(first.LoadBalancers?.[0]?.LoadBalancerName).not.toBe(second.LoadBalancers?.[0]?.LoadBalancerName);
    await expect(elb.send(new DescribeLoadBalancersCommand({ PageSize: 401 }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
