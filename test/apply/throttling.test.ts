import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyProgress } from '../../src/aws/apply/index.js';
import { formatApplyText } from '../../src/cli/apply-report.js';
import { colors } from '../../src/cli/colors.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { REGION, account, actionId, eniId, greenfieldPlan, instance, range, sessionsPerEni } from './helpers/world.js';

describe('applyPlan at EC2 rate limits', () => {
  it('creates 1,000 sessions at the pace of the mutating bucket without a single failure', async () => {
    const count = 1000;
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, count).map((n) => instance(n))), {
      throttle: { factor: 1 },
    });
    const start = clock.now();
    let lastProgress: ApplyProgress | undefined;

    const result = await applyPlan(
      greenfieldPlan(range(1, count).map(eniId)),
      clients,
      { planId: 'bulk', ...clock, random: seededRandom(5), onEvent: (event) => (lastProgress = event.progress) },
    );

    expect(result.counts).toEqual({ added: count + 3, changed: 0, destroyed: 0, failed: 0, skipped: 0, notStarted: 0 });
    expect(sessionsPerEni(sandbox.toFile()).size).toBe(count);
    // 1,003 creates: a burst of 50, then 5 per second ≈ 190.6 virtual seconds; nothing waits much longer.
    const elapsed = clock.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(190_000);
    expect(elapsed).toBeLessThan(200_000);
    expect(result.throttles).toBe(sandbox.calls.throttled);
    expect(lastProgress).toMatchObject({ total: count + 3, done: count + 3, etaMs: 0 });
  }, 60_000);

  it('slows down when AWS throttles anyway, retries every throttled call, and loses none', async () => {
    const count = 300;
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, count).map((n) => instance(n))), {
      throttle: { factor: 1 },
    });
    const rates: number[] = [];

    // The executor believes in a bucket four times larger and faster than the account's real one.
    const result = await applyPlan(
      greenfieldPlan(range(1, count).map(eniId)),
      clients,
      {
        planId: 'overshoot',
        ...clock,
        burst: 200,
        maxRate: 20,
        random: seededRandom(6),
        onEvent: (event) => {
          if (event.type === 'throttled') rates.push(event.ratePerSecond);
        },
      },
    );

    expect(result.counts.failed).toBe(0);
    expect(sessionsPerEni(sandbox.toFile()).size).toBe(count);
    expect(result.throttles).toBeGreaterThan(0);
    expect(Math.min(...rates)).toBeLessThan(20);
    // Every throttled call was seen and retried by the executor, none by the SDK behind its back.
    expect(result.throttles).toBe(sandbox.calls.throttled);
    expect(result.apiCalls).toBe(sandbox.calls.total());
    // Each create, and the Describe that checks it is not a replay of a deleted resource.
    expect(result.apiCalls).toBe(2 * (count + 3) + result.retries);
    // Adapting keeps throttles a small share of the calls instead of hammering the empty bucket.
    expect(result.throttles).toBeLessThan(count / 2);
  }, 60_000);

  it("keeps a scaled pace (bucket ×20, executor ×20): the reads confirming each create scale with it", async () => {
    const count = 1000;
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, count).map((n) => instance(n))), { throttle: { factor: 20 } });
    const start = clock.now();

    const result = await applyPlan(greenfieldPlan(range(1, count).map(eniId)), clients, {
      planId: 'scaled-virtual',
      ...clock,
      burst: 1000,
      maxRate: 100,
    });

    expect(result.counts.failed).toBe(0);
    // 1,003 creates fit the 1,000 burst but 3 (30 ms at 100/s); their 1,003 confirming reads fit EC2's non-mutating
    // bucket ×20 (2,000). At the default 100 reads and 20/s they alone would take 45 s.
    expect(clock.now() - start).toBeLessThan(1_000);
    expect(sandbox.calls.throttled).toBe(0);
  }, 60_000);

  it('keeps the bucket pace while new sessions propagate: an action waiting to retry lends its worker out', async () => {
    const count = 1500;
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, count).map((n) => instance(n))), {
      throttle: { factor: 20 },
      consistencyDelayMs: 200,
    });
    const start = clock.now();

    const result = await applyPlan(greenfieldPlan(range(1, count).map(eniId)), clients, {
      planId: 'propagating',
      ...clock,
      random: seededRandom(9),
      burst: 1000,
      maxRate: 100,
    });

    expect(result.counts.failed).toBe(0);
    expect(sessionsPerEni(sandbox.toFile()).size).toBe(count);
    // 1,503 creates: the 1,000 burst, then 100 per second ≈ 5 s, plus the propagation waits no worker can skip:
    // the filter's and then its rules' before the first session, the last session's after it (about 2 s in
    // all). Sixteen workers each waiting out its own create's propagation took 41 s.
    const minimumMs = ((sandbox.calls.mutating() - 1000) / 100) * 1000;
    expect(clock.now() - start).toBeLessThan(minimumMs + 2_000);
  }, 60_000);

  it('holds at a scaled limit on the real clock (bucket ×20, executor ×20)', async () => {
    const count = 150;
    const sandbox = createSandbox(account(range(1, count).map((n) => instance(n))), { throttle: { factor: 20 } });

    const result = await applyPlan(
      greenfieldPlan(range(1, count).map(eniId)),
      { ec2: (region) => sandbox.ec2(region) },
      { planId: 'scaled', burst: 1000, maxRate: 100 },
    );

    expect(result.counts.failed).toBe(0);
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorSessions).toHaveLength(count);
    expect(result.throttles).toBe(sandbox.calls.throttled);
  });
});

describe('applyPlan across regions', () => {
  it('paces each region with its own bucket, as EC2 limits each region separately', async () => {
    const count = 100;
    const file = account(range(1, count).map((n) => instance(n)));
    const other = 'us-east-2';
    const { clock, sandbox, clients } = virtualSandbox(
      { ...file, regions: { ...file.regions, [other]: file.regions[REGION] ?? {} } },
      { throttle: { factor: 1 } },
    );
    const local = greenfieldPlan(range(1, count).map(eniId));
    const elsewhere = local.actions.map((action) => ({
      ...action,
      id: action.id.replace(REGION, other),
      region: other,
      dependsOn: action.dependsOn.map((id) => id.replace(REGION, other)),
    }));
    const start = clock.now();

    const result = await applyPlan(
      { ...local, regions: [REGION, other], actions: [...local.actions, ...elsewhere] },
      clients,
      { planId: 'regions', ...clock },
    );

    expect(result.counts).toMatchObject({ added: 2 * (count + 3), failed: 0 });
    expect(sandbox.calls.throttled).toBe(0);
    // 103 creates per region: (103 − 50) / 5 ≈ 10.6 s in parallel, not (206 − 50) / 5 ≈ 31 s in a shared bucket.
    expect(clock.now() - start).toBeLessThan(12_000);
  });
});

describe('throttling that never lets up', () => {
  it('fails the action saying how often and how long EC2 refused it, and the apply report shows it', async () => {
    // A bucket a millionth of EC2's is never as much as one token: every mutating call is refused for rate.
    const { clock, clients } = virtualSandbox(account([instance(1)]), { throttle: { factor: 1e-6 } });
    const planned = greenfieldPlan([eniId(1)]);

    const result = await applyPlan(planned, clients, { ...clock, random: seededRandom(8) });

    const target = result.outcomes.find((o) => o.actionId === actionId('target/sensors'));
    expect(target).toMatchObject({
      status: 'failed',
      attempts: 20,
      error: {
        code: 'RequestLimitExceeded',
        message: expect.stringMatching(/^CreateTrafficMirrorTarget was throttled 20 times over (\d+ s|\d+ min \d+ s) /),
        explanation: expect.stringContaining('--max-rate'),
      },
    });
    expect(target?.error?.message).toContain("EC2's rate limit stayed exhausted");
    expect(result.counts).toMatchObject({ failed: 2, skipped: 2 });

    const report = formatApplyText(planned, result, 'converge', colors(false), false);
    expect(report).toContain('RequestLimitExceeded: CreateTrafficMirrorTarget was throttled 20 times over');
    expect(report).toContain("EC2's API rate limit for this account and region stayed exhausted");
    expect(report).toContain('lower --max-rate');
    expect(report).toContain('Apply finished with errors: 2 failed');
  });
});
