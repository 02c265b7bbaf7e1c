import {
  CreateTrafficMirrorFilterCommand,
  DescribeSecurityGroupsCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2ServiceException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { REGION, smallAccount, VPC } from './fixture.js';

describe('errors reach the caller as the SDK raises AWS errors', () => {
  it('EC2: an EC2ServiceException named after the code, with fault, status and message', async () => {
    const ec2 = createSandbox(smallAccount()).ec2(REGION);
    const error = await ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000dead'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error).toMatchObject({
      name: 'InvalidVpcID.NotFound',
      message: "The vpc ID 'vpc-0000000000000dead' does not exist",
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
  });

  it('ELBv2: the modeled exception class of the code', async () => {
    const elb = createSandbox(smallAccount()).elbv2(REGION);
    const error = await elb.send(new DescribeLoadBalancersCommand({ Names: ['missing'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(error).toMatchObject({ name: 'LoadBalancerNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });

  it('names the action the sandbox does not simulate', async () => {
    const ec2 = createSandbox(smallAccount()).ec2(REGION);
    await expect(ec2.send(new DescribeSecurityGroupsCommand({}))).rejects.toMatchObject({
      name: 'InvalidAction',
      message: expect.stringContaining('DescribeSecurityGroups'),
    });
  });

  it('answers DryRun like EC2', async () => {
    const ec2 = createSandbox(smallAccount()).ec2(REGION);
    await expect(ec2.send(new CreateTrafficMirrorFilterCommand({ DryRun: true }))).rejects.toMatchObject({
      name: 'DryRunOperation',
      $metadata: { httpStatusCode: 412 },
    });
  });
});

describe('clients', () => {
  it('wires a client built elsewhere, replacing its credentials so no credential chain runs', async () => {
    const sandbox = createSandbox(smallAccount());
    const client = new EC2Client({ region: REGION, maxAttempts: 1 });
    sandbox.attach(client, REGION);
    const vpcs = await client.send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs?.map((vpc) => vpc.VpcId)).toEqual([VPC]);
  });

  it('keeps regions apart', async () => {
    const sandbox = createSandbox(smallAccount());
    await sandbox.ec2('eu-west-1').send(new CreateTrafficMirrorFilterCommand({ Description: 'eu' }));
    const home = await sandbox.ec2(REGION).send(new DescribeTrafficMirrorFiltersCommand({}));
    const eu = await sandbox.ec2('eu-west-1').send(new DescribeTrafficMirrorFiltersCommand({}));
    expect(home.TrafficMirrorFilters?.map((f) => f.Description)).toEqual(['all']);
    expect(eu.TrafficMirrorFilters?.map((f) => f.Description)).toEqual(['eu']);
    expect(Object.keys(sandbox.toFile().regions)).toEqual([REGION, 'eu-west-1']);
  });

  it('counts every call, rejected ones included, and resets', async () => {
    const sandbox = createSandbox(smallAccount());
    const ec2 = sandbox.ec2(REGION);
    await ec2.send(new DescribeVpcsCommand({}));
    await ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000dead'] })).catch(() => undefined);
    await ec2.send(new CreateTrafficMirrorFilterCommand({}));
    expect(sandbox.calls.byAction).toEqual({ DescribeVpcs: 2, CreateTrafficMirrorFilter: 1 });
    expect(sandbox.calls.total()).toBe(3);
    expect(sandbox.calls.mutating()).toBe(1);
    sandbox.calls.reset();
    expect(sandbox.calls.total()).toBe(0);
    expect(sandbox.calls.byAction).toEqual({});
  });
});
