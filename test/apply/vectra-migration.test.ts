/**
 * The migration from Vectra's tool, end to end on the account it leaves (examples/sandbox/vectra-account.yaml):
 * import writes a policy that validates; its plan only adopts and creates what the tool missed; the apply
 * converges without a gap — after every call it sends, every interface the tool mirrored still has its session,
 * and none has two — and the next plan is empty.
 */
import { DeleteTrafficMirrorSessionCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/app/account.js';
import { importVectra } from '../../src/app/import-vectra.js';
import { applyPlan, type Ec2Clients } from '../../src/aws/apply/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { planChanges } from '../../src/core/planner/index.js';
import type { Policy } from '../../src/core/types/policy.js';
import { loadPolicyFromString } from '../../src/policy/load.js';
import { readSandboxFile, type Sandbox, type SandboxFile, type SimulatorOptions } from '../../src/sandbox/index.js';
import { virtualSandbox } from './helpers/sandbox.js';

const REGION = 'us-east-1';
const ACCOUNT_ID = '210987654321';

/** What the tool mirrors: one session number 1 per interface of the instance types it knew. */
const MIRRORED_BEFORE = ['eni-0ec7a000000000d01', 'eni-0ec7a000000000d02', 'eni-0ec7a000000000d03', 'eni-0ec7a000000000d04', 'eni-0ec7a000000000d11'];
/** The interfaces of running instances, selected by the tool's tags, whose types its 2019 list lacked. */
const MISSED = ['eni-0ec7a000000000d05', 'eni-0ec7a000000000d06', 'eni-0ec7a000000000d07', 'eni-0ec7a000000000d13'];

interface Call {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

function sessionsByInterface(file: SandboxFile): Map<string, number> {
  const counts = new Map<string, number>();
  for (const session of file.regions[REGION]?.trafficMirrorSessions ?? []) {
    counts.set(session.networkInterfaceId, (counts.get(session.networkInterfaceId) ?? 0) + 1);
  }
  return counts;
}

/**
 * Writers that log every call the executor sends, and after each one (whatever its outcome) check the
 * simulated account: every interface the tool mirrored still has a session, and no interface has two.
 */
function watchedWriters(sandbox: Sandbox, log: Call[], breaches: string[]): Ec2Clients {
  return {
    ec2(region: string): EC2Client {
      const client = sandbox.ec2(region, { maxAttempts: 1 });
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const call = { operation: context.commandName ?? '?', input: args.input as Record<string, unknown> };
          log.push(call);
          try {
            return await next(args);
          } finally {
            const counts = sessionsByInterface(sandbox.toFile());
            for (const eni of MIRRORED_BEFORE) {
              if ((counts.get(eni) ?? 0) === 0) breaches.push(`${eni} not mirrored after ${call.operation} (call ${log.length})`);
            }
            for (const [eni, count] of counts) if (count > 1) breaches.push(`${eni} has ${count} sessions after ${call.operation}`);
          }
        },
        { step: 'initialize', name: 'migrationWatch' },
      );
      return client;
    },
  };
}

async function importedPolicy(sandbox: Sandbox): Promise<{ text: string; policy: Policy }> {
  const readers = createAwsClients({ sandbox });
  const account: Account = { readers, writers: readers };
  const { text } = await importVectra({ account, regions: [REGION], policyName: 'traffic-mirroring' });
  const loaded = loadPolicyFromString(text, 'imported.yaml');
  expect(loaded.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  if (loaded.policy === undefined) throw new Error('the imported policy does not validate');
  return { text, policy: loaded.policy };
}

async function migrate(options: Omit<SimulatorOptions, 'now'> = {}) {
  const file = await readSandboxFile('examples/sandbox/vectra-account.yaml');
  const { clock, sandbox } = virtualSandbox(file, options);
  const readers = createAwsClients({ sandbox });
  const { policy } = await importedPolicy(sandbox);
  const observed = await discover(readers, { regions: [REGION] });
  const plan = planChanges(policy, observed);
  const log: Call[] = [];
  const breaches: string[] = [];
  const ownership = {
    observed,
    policyName: policy.name,
    accountId: observed.accountId,
    scope: { kind: 'regions' as const, regions: [REGION] },
    ...(policy.adopt === undefined ? {} : { adopt: policy.adopt }),
  };
  const result = await applyPlan(plan, watchedWriters(sandbox, log, breaches), { planId: 'migration', ...clock, ownership });
  return { clock, sandbox, readers, policy, plan, result, log, breaches };
}

describe("migrating from Vectra's tool", () => {
  it('has a watch that sees a gap: deleting one of the tool\'s sessions is a breach', async () => {
    const { sandbox } = virtualSandbox(await readSandboxFile('examples/sandbox/vectra-account.yaml'));
    const breaches: string[] = [];
    await watchedWriters(sandbox, [], breaches)
      .ec2(REGION)
      .send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: 'tms-0ec7a000000000e01' }));
    expect(breaches).toEqual(['eni-0ec7a000000000d01 not mirrored after DeleteTrafficMirrorSessionCommand (call 1)']);
  });

  it('adopts what the tool made and creates only what it missed, without a gap or a double at any point, and converges', async () => {
    const { clock, sandbox, readers, policy, plan, result, log, breaches } = await migrate();

    // The plan: adoptions, and creates for the interfaces the tool missed; nothing deleted, nothing replaced.
    expect([...new Set(plan.actions.map((action) => action.action))].sort()).toEqual(['adopt', 'create']);
    expect(plan.summary).toEqual({ create: 4, update: 0, delete: 0 });
    const adopted = plan.actions.filter((action) => action.action === 'adopt');
    expect(adopted.map((action) => `${action.type} ${action.resourceId ?? ''}`)).toEqual([
      'filter tmf-0ec7a000000000f11',
      'session tms-0ec7a000000000e01',
      'session tms-0ec7a000000000e02',
      'session tms-0ec7a000000000e03',
      'session tms-0ec7a000000000e04',
      'session tms-0ec7a000000000e05',
    ]);
    const created = plan.actions.filter((action) => action.action === 'create');
    expect(created.map((action) => (action.after?.kind === 'session' ? action.after.networkInterfaceId : action.key))).toEqual(MISSED);

    // The apply: everything done, and the watch saw no interface of the tool's unmirrored, nor any doubled.
    expect(result.counts).toEqual({ adopted: 6, added: 4, changed: 0, destroyed: 0, failed: 0, skipped: 0, notStarted: 0 });
    expect(breaches).toEqual([]);
    expect(log.some((call) => call.operation === 'DeleteTrafficMirrorSessionCommand')).toBe(false);
    const createdOn = log.filter((call) => call.operation === 'CreateTrafficMirrorSessionCommand').map((call) => call.input['NetworkInterfaceId']);
    expect(createdOn.filter((eni) => MIRRORED_BEFORE.includes(eni as string))).toEqual([]);
    const writes = log.filter((call) => !call.operation.startsWith('Describe'));
    expect(new Set(writes.map((call) => call.operation))).toEqual(
      new Set(['ModifyTrafficMirrorSessionCommand', 'CreateTagsCommand', 'CreateTrafficMirrorSessionCommand']),
    );

    // Converged: one session per eligible interface, the tool's sessions kept (same ids, its tags too).
    await clock.sleep(10_000);
    const after = sandbox.toFile();
    const counts = sessionsByInterface(after);
    expect([...counts.keys()].sort()).toEqual([...MIRRORED_BEFORE, ...MISSED].sort());
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const sessions = after.regions[REGION]?.trafficMirrorSessions ?? [];
    for (const id of ['tms-0ec7a000000000e01', 'tms-0ec7a000000000e05']) {
      expect(sessions.find((session) => session.id === id)?.tags).toMatchObject({ Creator: 'Vectra:Tap', 'mirrorctl:policy': 'traffic-mirroring' });
    }
    const again = planChanges(policy, await discover(readers, { regions: [REGION] }));
    expect(again.actions).toEqual([]);
    expect(again.summary).toEqual({ create: 0, update: 0, delete: 0 });
    expect(again.warnings.map((warning) => warning.code)).toEqual(['stopped-instances-keep-sessions']);
    expect(after.accountId).toBe(ACCOUNT_ID);
  });

  it('keeps every interface mirrored through faults, lost responses and eventual consistency, and converges on the next run', async () => {
    const { clock, sandbox, readers, policy, result, breaches, log } = await migrate({
      faults: { rate: 0.3, seed: 13 },
      consistencyDelayMs: 2_000,
    });
    expect(breaches).toEqual([]);
    expect(log.some((call) => call.operation === 'DeleteTrafficMirrorSessionCommand')).toBe(false);
    // The scenario did strike: calls failed, some after their change took effect.
    expect(sandbox.calls.faults).toBeGreaterThan(0);
    expect(result.counts.adopted).toBeGreaterThan(0);
    await clock.sleep(10_000);
    // Whatever this run could not finish, the next one does, from what it finds.
    const observed = await discover(readers, { regions: [REGION] });
    const rest = planChanges(policy, observed);
    expect(rest.actions.filter((action) => action.action === 'delete' || action.action === 'replace')).toEqual([]);
    const breachesAgain: string[] = [];
    await applyPlan(rest, watchedWriters(sandbox, [], breachesAgain), {
      planId: 'again',
      ...clock,
      ownership: { observed, policyName: policy.name, accountId: observed.accountId, scope: { kind: 'regions', regions: [REGION] }, adopt: { vectra: true } },
    });
    expect(breachesAgain).toEqual([]);
    await clock.sleep(10_000);
    expect(planChanges(policy, await discover(readers, { regions: [REGION] })).actions).toEqual([]);
    expect([...sessionsByInterface(sandbox.toFile()).values()].every((count) => count === 1)).toBe(true);
  });
});
