import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeVpcsCommand,
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  paginateDescribeTrafficMirrorSessions,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createSandbox, generateAccount } from '../../src/sandbox/index.js';
import { ENI, hexId, INSTANCE, REGION, smallAccount, SUBNET_B, VPC } from './fixture.js';

const client = (pageSize?: number): EC2Client =>
  createSandbox(smallAccount(), pageSize === undefined ? {} : { pageSize }).ec2(REGION);

describe('pagination', () => {
  it('pages DescribeInstances with the sandbox page size, every instance exactly once', async () => {
    const ec2 = client(5);
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2 }, { MaxResults: 1000 })) {
      const instances = page.Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? [];
      pages.push(instances.length);
      ids.push(...instances.map((instance) => instance.InstanceId ?? ''));
    }
    expect(pages).toEqual([5, 5]);
    expect(new Set(ids).size).toBe(10);
  });

  it('returns everything in one page when neither MaxResults nor a page size is set', async () => {
    const page = await client().send(new DescribeNetworkInterfacesCommand({}));
    expect(page.NetworkInterfaces).toHaveLength(14);
    expect(page.NextToken).toBeUndefined();
  });

  it('pages a large generated account through the SDK paginators', async () => {
    const file = generateAccount({ seed: 3, regions: 1, vpcsPerRegion: 3, instances: 120, mirroredShare: 0.5 });
    const sandbox = createSandbox(file, { pageSize: 7 });
    const ec2 = sandbox.ec2('us-east-1');
    let interfaces = 0;
    for await (const page of paginateDescribeNetworkInterfaces({ client: ec2 }, { MaxResults: 5 })) {
      expect(page.NetworkInterfaces?.length).toBeLessThanOrEqual(5);
      interfaces += page.NetworkInterfaces?.length ?? 0;
    }
    let sessions = 0;
    for await (const page of paginateDescribeTrafficMirrorSessions({ client: ec2 }, {})) {
      sessions += page.TrafficMirrorSessions?.length ?? 0;
    }
    const region = file.regions['us-east-1'];
    const expectedInterfaces =
      (region?.instances ?? []).reduce((sum, instance) => sum + instance.interfaces.length, 0) +
      (region?.networkInterfaces?.length ?? 0);
    expect(interfaces).toBe(expectedInterfaces);
    expect(sessions).toBe(region?.trafficMirrorSessions?.length);
  });

  it.each([4, 1001])('rejects MaxResults %s outside 5..1000', async (maxResults) => {
    await expect(client().send(new DescribeTrafficMirrorSessionsCommand({ MaxResults: maxResults }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('bounds DescribeInstanceTypes MaxResults to 5..100', async () => {
    await expect(client().send(new DescribeInstanceTypesCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('refuses InstanceIds together with MaxResults', async () => {
    await expect(
      client().send(new DescribeInstancesCommand({ InstanceIds: [INSTANCE.t2], MaxResults: 5 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
  });

  it('refuses a token it did not issue, or one issued by another action', async () => {
    const ec2 = client(5);
    await expect(ec2.send(new DescribeInstancesCommand({ NextToken: 'garbage' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    const page = await ec2.send(new DescribeNetworkInterfacesCommand({}));
    await expect(ec2.send(new DescribeInstancesCommand({ NextToken: page.NextToken ?? '' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });
});

describe('Describe filters', () => {
  const instanceIds = async (ec2: EC2Client, filters: { Name: string; Values: string[] }[]) =>
    (await ec2.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations?.flatMap((r) =>
      (r.Instances ?? []).map((instance) => instance.InstanceId),
    );

  it('filters instances by vpc, type, state and tags (values ORed, filters ANDed, wildcards)', async () => {
    const ec2 = client();
    expect(await instanceIds(ec2, [{ Name: 'vpc-id', Values: [VPC] }])).toHaveLength(10);
    expect(await instanceIds(ec2, [{ Name: 'instance-type', Values: ['t2.*', 'm8g.large'] }])).toEqual([
      INSTANCE.t2,
      hexId('i', 0x302),
    ]);
    expect(await instanceIds(ec2, [{ Name: 'tag:mirroring', Values: ['excluded'] }])).toHaveLength(2);
    expect(
      await instanceIds(ec2, [
        { Name: 'tag-key', Values: ['tier'] },
        { Name: 'instance-state-name', Values: ['running'] },
        { Name: 'tag:tier', Values: ['w?b'] },
      ]),
    ).toHaveLength(3);
    expect(await instanceIds(ec2, [{ Name: 'network-interface.network-interface-id', Values: [ENI.multiEfa] }])).toEqual([
      INSTANCE.multi,
    ]);
  });

  it('filters interfaces by attachment, type, requester-managed and subnet', async () => {
    const ec2 = client();
    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: filters }))).NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId);
    expect(await ids([{ Name: 'attachment.instance-id', Values: [INSTANCE.multi] }])).toEqual([
      ENI.multiPrimary,
      ENI.multiSecondary,
      ENI.multiEfa,
    ]);
    expect(await ids([{ Name: 'interface-type', Values: ['efa'] }])).toEqual([ENI.multiEfa]);
    expect(await ids([{ Name: 'requester-managed', Values: ['true'] }])).toEqual([ENI.nlb]);
    expect(await ids([{ Name: 'subnet-id', Values: [SUBNET_B] }, { Name: 'status', Values: ['available'] }])).toEqual([
      ENI.detached,
    ]);
  });

  it('rejects an unknown filter name', async () => {
    await expect(
      client().send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: "The filter 'colour' is invalid" });
  });

  it('answers unknown explicit ids with the NotFound code of their kind', async () => {
    const ec2 = client();
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: [hexId('i', 0xdead)] }))).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
    await expect(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [hexId('eni', 0xdead)] }))).rejects.toMatchObject({
      name: 'InvalidNetworkInterfaceID.NotFound',
    });
    await expect(ec2.send(new DescribeSubnetsCommand({ SubnetIds: [hexId('subnet', 0xdead)] }))).rejects.toMatchObject({
      name: 'InvalidSubnetID.NotFound',
    });
  });
});

describe('output shapes', () => {
  it('describes instances with their interfaces, attachment and state', async () => {
    const result = await client().send(new DescribeInstancesCommand({ InstanceIds: [INSTANCE.multi] }));
    const reservation = result.Reservations?.[0];
    expect(reservation?.OwnerId).toBe('111122223333');
    expect(reservation?.Instances?.[0]).toMatchObject({
      InstanceType: 'm5.xlarge',
      State: { Code: 16, Name: 'running' },
      VpcId: VPC,
      Tags: [{ Key: 'tier', Value: 'app' }],
      NetworkInterfaces: [
        { NetworkInterfaceId: ENI.multiPrimary, InterfaceType: 'interface', Attachment: { DeviceIndex: 0, DeleteOnTermination: true } },
        { NetworkInterfaceId: ENI.multiSecondary, SubnetId: SUBNET_B, Attachment: { DeviceIndex: 1, DeleteOnTermination: false } },
        { NetworkInterfaceId: ENI.multiEfa, InterfaceType: 'efa', Attachment: { DeviceIndex: 2 } },
      ],
    });
  });

  it('with awsDetails, reports the details mirrorctl never reads, as AWS does, the same on every run', async () => {
    const detailed = createSandbox(smallAccount(), { awsDetails: true }).ec2(REGION);
    const read = async () => (await detailed.send(new DescribeInstancesCommand({ InstanceIds: [INSTANCE.multi] }))).Reservations?.[0]?.Instances?.[0];
    const instance = await read();
    expect(instance).toMatchObject({
      ImageId: expect.stringMatching(/^ami-[0-9a-f]{17}$/),
      LaunchTime: expect.any(Date),
      Architecture: 'x86_64',
      PrivateDnsName: `${INSTANCE.multi}.ec2.internal`,
      SecurityGroups: [{ GroupId: expect.stringMatching(/^sg-/) }],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: expect.stringMatching(/^vol-/) } }],
      MetadataOptions: { HttpTokens: 'required' },
    });
    expect(instance?.NetworkInterfaces?.[0]).toMatchObject({ MacAddress: expect.stringMatching(/^02(:[0-9a-f]{2}){5}$/), Attachment: { AttachTime: expect.any(Date) } });
    expect(instance?.PrivateIpAddress).toBeUndefined();
    expect(await read()).toEqual(instance);
    const lean = (await client().send(new DescribeInstancesCommand({ InstanceIds: [INSTANCE.multi] }))).Reservations?.[0]?.Instances?.[0];
    expect(lean?.ImageId).toBeUndefined();
  });

  it('describes interfaces with RequesterManaged, Status, TagSet and VpcId', async () => {
    const result = await client().send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ENI.nlb] }));
    expect(result.NetworkInterfaces?.[0]).toMatchObject({
      InterfaceType: 'network_load_balancer',
      RequesterManaged: true,
      Status: 'in-use',
      VpcId: VPC,
      TagSet: [],
      Description: 'ELB net/sensors/0123456789abcdef',
    });
  });

  it('says which instances and interfaces an AWS service manages (Operator), and keeps it in the file', async () => {
    const file = smallAccount();
    const region = file.regions[REGION];
    const [plain, managed] = region?.instances ?? [];
    if (plain === undefined || managed === undefined || plain.interfaces[0] === undefined) throw new Error('the fixture changed');
    plain.interfaces[0].requesterManaged = true;
    managed.operator = 'eks.amazonaws.com';
    const sandbox = createSandbox(file);
    const ec2 = sandbox.ec2(REGION);

    const instances = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [plain.id, managed.id] }))).Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    const byId = new Map(instances.map((instance) => [instance.InstanceId, instance]));
    expect(byId.get(plain.id)?.Operator).toBeUndefined();
    expect(byId.get(plain.id)?.NetworkInterfaces?.[0]?.Operator).toEqual({ Managed: true });
    expect(byId.get(managed.id)?.Operator).toEqual({ Managed: true, Principal: 'eks.amazonaws.com' });
    expect(byId.get(managed.id)?.NetworkInterfaces?.map((eni) => eni.Operator)).toEqual(managed.interfaces.map(() => ({ Managed: true, Principal: 'eks.amazonaws.com' })));
    const interfaces = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [plain.interfaces[0].id, ...managed.interfaces.map((eni) => eni.id)] }));
    expect(interfaces.NetworkInterfaces?.map((eni) => eni.RequesterManaged)).toEqual([true, ...managed.interfaces.map(() => true)]);

    const written = sandbox.toFile().regions[REGION]?.instances ?? [];
    expect(written.find((instance) => instance.id === managed.id)).toMatchObject({ operator: 'eks.amazonaws.com' });
    expect(written.find((instance) => instance.id === managed.id)?.interfaces.every((eni) => eni.requesterManaged === undefined)).toBe(true);
    expect(written.find((instance) => instance.id === plain.id)?.interfaces[0]?.requesterManaged).toBe(true);
  });

  it('describes any instance type of the usual shape with BareMetal and Hypervisor', async () => {
    const result = await client().send(
      new DescribeInstanceTypesCommand({ InstanceTypes: ['t2.micro', 'm5.metal', 'm8g.large'] }),
    );
    expect(result.InstanceTypes?.map((t) => [t.InstanceType, t.BareMetal, t.Hypervisor])).toEqual([
      ['m5.metal', true, undefined],
      ['m8g.large', false, 'nitro'],
      ['t2.micro', false, 'xen'],
    ]);
    await expect(client().send(new DescribeInstanceTypesCommand({ InstanceTypes: ['bogus' as never] }))).rejects.toMatchObject({
      name: 'InvalidInstanceType',
    });
  });

  it('lists the VPCs with CIDR, owner and tags', async () => {
    const result = await client().send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['prod'] }] }));
    expect(result.Vpcs).toEqual([
      expect.objectContaining({ VpcId: VPC, CidrBlock: '10.0.0.0/16', OwnerId: '111122223333', Tags: [{ Key: 'Name', Value: 'prod' }] }),
    ]);
  });
});

describe('tags', () => {
  it('creates, describes and deletes tags on any taggable resource', async () => {
    const ec2 = client();
    await ec2.send(new CreateTagsCommand({ Resources: [INSTANCE.t2, ENI.t2], Tags: [{ Key: 'team', Value: 'blue' }] }));
    const tagged = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['team'] }] }));
    expect(tagged.Tags?.map((tag) => [tag.ResourceId, tag.ResourceType])).toEqual([
      [ENI.t2, 'network-interface'],
      [INSTANCE.t2, 'instance'],
    ]);
    await ec2.send(new DeleteTagsCommand({ Resources: [INSTANCE.t2], Tags: [{ Key: 'team', Value: 'red' }] }));
    expect((await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [INSTANCE.t2] }] }))).Tags).toHaveLength(1);
    await ec2.send(new DeleteTagsCommand({ Resources: [INSTANCE.t2], Tags: [{ Key: 'team' }] }));
    expect((await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [INSTANCE.t2] }] }))).Tags).toEqual([]);
  });

  it('rejects reserved keys and unknown resources, changing nothing', async () => {
    const ec2 = client();
    await expect(
      ec2.send(new CreateTagsCommand({ Resources: [INSTANCE.t2], Tags: [{ Key: 'aws:owner', Value: 'x' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(
      ec2.send(new CreateTagsCommand({ Resources: [INSTANCE.t2, hexId('i', 0xdead)], Tags: [{ Key: 'a', Value: 'b' }] })),
    ).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect((await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [INSTANCE.t2] }] }))).Tags).toEqual([]);
  });
});
