import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorFilterRuleCommand,
  DeleteTrafficMirrorFilterCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { REGION, smallAccount } from './fixture.js';

/** A clock that moves `step` ms every time the simulator reads it. */
function steppingClock(step: number): () => number {
  let time = 0;
  return () => (time += step);
}

describe('throttling', () => {
  // Factor 0.02 makes the mutating bucket 1 token deep, refilled at 0.1/s: with 5 s per call, an empty
  // bucket is half full at the next attempt and full at the one after.
  const throttled = () => createSandbox(smallAccount(), { throttle: { factor: 0.02 }, now: steppingClock(5000) });

  it('answers RequestLimitExceeded when the bucket is empty, and the SDK retries it', async () => {
    const sandbox = throttled();
    const ec2 = sandbox.ec2(REGION);
    const first = await ec2.send(new CreateTrafficMirrorFilterCommand({}));
    expect(first.$metadata.attempts).toBe(1);
    const second = await ec2.send(new CreateTrafficMirrorFilterCommand({}));
    expect(second.$metadata.attempts).toBe(2);
    expect(sandbox.calls.throttled).toBe(1);
    expect(sandbox.calls.byAction['CreateTrafficMirrorFilter']).toBe(3);
  });

  it('surfaces RequestLimitExceeded as a client-fault throttling error when retries are exhausted', async () => {
    const sandbox = throttled();
    const ec2 = sandbox.ec2(REGION, { maxAttempts: 1 });
    await ec2.send(new CreateTrafficMirrorFilterCommand({}));
    await expect(ec2.send(new CreateTrafficMirrorFilterCommand({}))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
      $fault: 'client',
      $metadata: { attempts: 1 },
    });
  });

  it('gives each API action its own bucket', async () => {
    const sandbox = throttled();
    const ec2 = sandbox.ec2(REGION, { maxAttempts: 1 });
    await ec2.send(new CreateTrafficMirrorFilterCommand({}));
    const filters = await ec2.send(new DescribeTrafficMirrorFiltersCommand({}));
    const filterId = filters.TrafficMirrorFilters?.[0]?.TrafficMirrorFilterId ?? '';
    await expect(ec2.send(new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: filterId }))).resolves.toBeDefined();
    expect(sandbox.calls.throttled).toBe(0);
  });
});

describe('injected faults', () => {
  it('raises InternalError (500, server fault) after the mutation took effect', async () => {
    const sandbox = createSandbox(smallAccount(), { faults: { rate: 1, seed: 7, afterMutationShare: 1 } });
    const ec2 = sandbox.ec2(REGION, { maxAttempts: 1 });
    await expect(ec2.send(new CreateTrafficMirrorFilterCommand({ Description: 'lost response' }))).rejects.toMatchObject({
      name: 'InternalError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    const filters = sandbox.toFile().regions[REGION]?.trafficMirrorFilters ?? [];
    expect(filters.map((filter) => filter.description)).toEqual(['all', 'lost response']);
  });

  it('SDK retries of a create reuse its generated ClientToken, so a lost response creates one resource', async () => {
    const sandbox = createSandbox(smallAccount(), { faults: { rate: 1, seed: 7, afterMutationShare: 1 } });
    const ec2 = sandbox.ec2(REGION, { maxAttempts: 3 });
    await expect(ec2.send(new CreateTrafficMirrorFilterCommand({ Description: 'retried' }))).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { attempts: 3 },
    });
    expect(sandbox.calls.faults).toBe(3);
    const created = (sandbox.toFile().regions[REGION]?.trafficMirrorFilters ?? []).filter((f) => f.description === 'retried');
    expect(created).toHaveLength(1);
  });

  it('raises faults before the change when afterMutationShare is 0', async () => {
    const sandbox = createSandbox(smallAccount(), { faults: { rate: 1, seed: 7, afterMutationShare: 0 } });
    await sandbox.ec2(REGION, { maxAttempts: 1 }).send(new CreateTrafficMirrorFilterCommand({})).catch(() => undefined);
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorFilters).toHaveLength(1);
  });

  it('is seeded: the same seed fails the same calls', async () => {
    const outcomes = async (seed: number) => {
      const ec2 = createSandbox(smallAccount(), { faults: { rate: 0.4, seed } }).ec2(REGION, { maxAttempts: 1 });
      const results: boolean[] = [];
      for (let n = 0; n < 30; n++) {
        results.push(await ec2.send(new DescribeVpcsCommand({})).then(() => true, () => false));
      }
      return results;
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });
});

describe('eventual consistency', () => {
  it('hides a new resource from Describe, Delete and references until the delay has passed', async () => {
    let time = 0;
    const sandbox = createSandbox(smallAccount(), { consistencyDelayMs: 2000, now: () => time });
    const ec2 = sandbox.ec2(REGION);
    const created = await ec2.send(new CreateTrafficMirrorFilterCommand({ Description: 'new' }));
    const id = created.TrafficMirrorFilter?.TrafficMirrorFilterId ?? '';
    const notFound = { name: 'InvalidTrafficMirrorFilterId.NotFound' };

    time = 1999;
    await expect(ec2.send(new DescribeTrafficMirrorFiltersCommand({ TrafficMirrorFilterIds: [id] }))).rejects.toMatchObject(notFound);
    const listed = await ec2.send(new DescribeTrafficMirrorFiltersCommand({}));
    expect(listed.TrafficMirrorFilters?.map((filter) => filter.TrafficMirrorFilterId)).not.toContain(id);
    await expect(ec2.send(new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: id }))).rejects.toMatchObject(notFound);
    const rule = new CreateTrafficMirrorFilterRuleCommand({
      TrafficMirrorFilterId: id,
      TrafficDirection: 'ingress',
      RuleNumber: 1,
      RuleAction: 'accept',
      SourceCidrBlock: '0.0.0.0/0',
      DestinationCidrBlock: '0.0.0.0/0',
    });
    await expect(ec2.send(rule)).rejects.toMatchObject(notFound);

    time = 2000;
    await expect(ec2.send(new DescribeTrafficMirrorFiltersCommand({ TrafficMirrorFilterIds: [id] }))).resolves.toBeDefined();
    await expect(ec2.send(rule)).resolves.toBeDefined();
  });
});

describe('reference lag', () => {
  it('keeps a new filter NotFound as a reference for a while after Describe lists it, naming its id', async () => {
    let time = 0;
    const sandbox = createSandbox(smallAccount(), { consistencyDelayMs: 1000, referenceLagMs: 2000, now: () => time });
    const ec2 = sandbox.ec2(REGION);
    const created = await ec2.send(new CreateTrafficMirrorFilterCommand({ Description: 'new' }));
    const id = created.TrafficMirrorFilter?.TrafficMirrorFilterId ?? '';
    const rule = new CreateTrafficMirrorFilterRuleCommand({
      TrafficMirrorFilterId: id,
      TrafficDirection: 'ingress',
      RuleNumber: 1,
      RuleAction: 'accept',
      SourceCidrBlock: '0.0.0.0/0',
      DestinationCidrBlock: '0.0.0.0/0',
    });

    time = 1000;
    await expect(ec2.send(new DescribeTrafficMirrorFiltersCommand({ TrafficMirrorFilterIds: [id] }))).resolves.toBeDefined();
    await expect(ec2.send(rule)).rejects.toMatchObject({
      name: 'InvalidTrafficMirrorFilterId.NotFound',
      message: `The traffic mirror filter ID '${id}' does not exist`,
    });

    time = 3000;
    await expect(ec2.send(rule)).resolves.toBeDefined();
  });
});
