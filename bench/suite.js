/**
 * The scenarios `npm run bench` runs, their sizes (full, or tiny with --quick) and their targets. A target
 * is a check on the figures a scenario returned; the gain of scenario 6 also reads scenario 4's.
 */
import { formatValue } from './lib/report.js';

const SEED = 20_240_601;
const INTERFACES_PER_INSTANCE = 1.2;

// Scenarios 1–3: 10,000 instances × 1.2 interfaces ≈ 12,000 interfaces in 50 VPCs; 5% on unsupported types.
const planAccount = (instances, regions = 1) => ({
  seed: SEED,
  regions,
  vpcsPerRegion: 50,
  instances,
  interfacesPerInstance: INTERFACES_PER_INSTANCE,
  unsupportedShare: 0.05,
});

// Scenarios 4–7: ≈ 2,000 interfaces (1,667 instances × 1.2), all eligible, in one region; EC2's default
// buckets scaled ×20 and 20 ms per call.
const applyAccount = (quick) => ({
  seed: SEED,
  regions: 1,
  vpcsPerRegion: quick ? 5 : 10,
  instances: quick ? 95 : 1_667,
  interfacesPerInstance: INTERFACES_PER_INSTANCE,
  unsupportedShare: 0,
  mirroredShare: 0,
  // Quick mode keeps the bucket small enough that pacing, not the burst, still decides the wall time.
  throttleFactor: quick ? 2 : 20,
  latencyMs: 20,
});

// Scenario 8: 1,000 launches within one minute reaching the Lambda healer through an SQS FIFO queue. EC2's
// buckets scaled ×10 and the minute ×10 shorter (6 s), 20 ms per call: at ×20 the 1,000-token burst would
// absorb almost every create, and the floor would be the launch window, not the bucket.
const healBurst = (quick) => ({
  seed: SEED,
  vpcsPerRegion: quick ? 5 : 10,
  instances: quick ? 300 : 1_000,
  interfacesPerInstance: INTERFACES_PER_INSTANCE,
  throttleFactor: quick ? 4 : 10,
  latencyMs: 20,
  launchWindowMs: quick ? 15_000 : 6_000,
});

// Scenarios 9–12: an organization. 100 workload accounts × 2 regions × 100 instances (20,000 interfaces) for
// the plans; 20 accounts × 100 instances for the applies, EC2's buckets scaled ×2 and 20 ms per call.
// The entries name each account's VPC by id: a tag-selecting policy adds one DescribeVpcs an account and region.
const organizationPlan = (quick) => ({ seed: SEED, accounts: quick ? 10 : 100, regions: 2, instancesPerRegion: quick ? 20 : 100, selectVpcs: 'ids' });
const organizationApply = (quick) => ({ seed: SEED, accounts: quick ? 4 : 20, regions: 1, instancesPerRegion: 100, throttleFactor: 2, latencyMs: 20 });
// The wire scenarios: plans over HTTP against the account served by a process of its own (bench/lib/wire.js).
const wireAccount = (instances, regions = 1, extra = {}) => ({
  ...planAccount(instances, regions),
  mirroredShare: 1,
  expect: 'empty',
  wire: true,
  ...extra,
});

const MB = 1024 * 1024;

const wireChecks = (targets) => (f) => [
  info('API calls', f.calls),
  targets === undefined ? info('wall time, discovery + plan', f.wallMs, ' ms') : atMost('wall time, discovery + plan', f.wallMs, targets.wallMs, ' ms'),
  targets === undefined ? info('peak RSS', f.peakRssMb, ' MB') : atMost('peak RSS', f.peakRssMb, targets.rssMb, ' MB'),
  info('bytes read (XML bodies)', f.bytes / MB, ' MB'),
  info('CPU of the planning process, discovery + plan', f.cpuMs, ' ms'),
  info('planner CPU time', f.plannerCpuMs, ' ms'),
  info("CPU of the server's process (not AWS's cost, shares the 2 cores)", f.serverCpuMs, ' ms'),
  info('RSS before discovery: Node, SDK, policy', f.setupRssMb, ' MB'),
  info('heap held by the observed account and the plan', f.heapHeldMb, ' MB'),
  info('load average (1 min) at start / end', `${f.loadAtStart} / ${f.loadAtEnd}`),
];

const FAULTS = { faults: { rate: 0.05, seed: SEED, afterMutationShare: 0.5 }, consistencyDelayMs: 200 };

const atMost = (label, value, limit, unit = '') => ({
  label,
  value,
  target: `≤ ${formatValue(limit, unit)}`,
  pass: value <= limit,
  unit,
});
const exactly = (label, value, expected) => ({
  label,
  value,
  target: `= ${formatValue(expected)}`,
  pass: value === expected,
  unit: '',
});
const info = (label, value, unit = '') => ({ label, value, target: '', pass: true, unit });

const planChecks = (f) => [
  atMost('API calls', f.calls, 60),
  info('wall time, discovery + plan', f.wallMs, ' ms'),
  atMost('planner CPU time', f.plannerCpuMs, 300, ' ms'),
  atMost('peak RSS', f.peakRssMb, 300, ' MB'),
  info('RSS before discovery: Node, SDK, simulated account', f.setupRssMb, ' MB'),
  info('heap held by the observed account and the plan', f.heapHeldMb, ' MB'),
];

const applyChecks = (f) => [
  info('mutating calls, retries included', f.mutatingCalls),
  info('wall time', f.wallMs, ' ms'),
  info(`bucket minimum: (calls − ${f.bucket.burst}) ÷ ${f.bucket.rate}/s`, f.minimumMs, ' ms'),
  f.ratio === null
    ? info('ratio to bucket minimum (no minimum: all within the burst)', 'n/a')
    : atMost('ratio to bucket minimum', f.ratio, 1.1),
  exactly('sessions in the account (= planned)', f.ownedSessions, f.plan.sessionsToCreate),
  exactly('failed actions', f.failed, 0),
  exactly('failed on throttling (surfaced to the user)', f.throttlingFailures, 0),
  exactly('duplicate sessions', f.duplicates, 0),
  info('throttles seen by the executor', f.throttles),
  info('retries', f.retries),
  ...Object.entries(f.retryCodes).map(([code, count]) => info(`  of which on ${code}`, count)),
  info('peak RSS', f.peakRssMb, ' MB'),
];

// Discovery reads 4 kinds of resource a region (instances, sessions, targets, filters: one page each at this
// size) and looks at ELBv2's load balancers (one page: a load balancer the policy made and dropped is never
// lost); AssumeRole names each account and Organizations its name. Issue 12 asks for 4: the guard is the 5
// the ELBv2 look makes it, a deliberate miss (docs/performance.md, Targets missed). Apart: the caller's identity,
// Organizations pages, one AssumeRole per account, instance-type facts once a region for the whole run, and
// each account's look at the regions the policy does not list.
const accountsPlanChecks = (f) => [
  info('API calls', f.calls),
  atMost('API calls per account-region (discovery; issue 12 asks ≤ 4)', f.perAccountRegion, 5),
  info('  of which ELBv2 (the look at the load balancers)', f.elbPerAccountRegion),
  exactly('AssumeRole calls (one per account)', f.assumeRole, f.shape.accounts),
  exactly('GetCallerIdentity calls (the caller only)', f.identity, 1),
  // Four types, one page: AWS's facts, read once a region for every account of the run.
  exactly('DescribeInstanceTypes calls (once a region for the run)', f.instanceTypes, f.shape.regions),
  info('Organizations pages', f.organizationPages),
  info('unlisted-region look per account (DescribeRegions; 3 reads per other enabled region, none in the sandbox)', f.unlistedRegionLook / f.shape.accounts),
  info('wall time, resolve + assume + discovery + plan of every account', f.wallMs, ' ms'),
  info('CPU time', f.cpuMs, ' ms'),
  atMost('peak RSS', f.peakRssMb, 1_024, ' MB'),
  info('RSS before the plan: Node, SDK, simulated organization', f.setupRssMb, ' MB'),
  info('heap held by the observed accounts and the plans', f.heapHeldMb, ' MB'),
];

const perThousand = (value, f) => (value / f.shape.interfaces) * 1000;

const growthChecks = (largest) => (f) => [
  info('API calls', f.calls),
  info('API calls per 1,000 interfaces', perThousand(f.calls, f)),
  info('wall time, discovery + plan', f.wallMs, ' ms'),
  info('wall time per 1,000 interfaces', perThousand(f.wallMs, f), ' ms'),
  largest
    ? atMost('CPU time, discovery + plan', f.cpuMs, 10_000, ' ms')
    : info('CPU time, discovery + plan', f.cpuMs, ' ms'),
  largest ? atMost('peak RSS', f.peakRssMb, 1_536, ' MB') : info('peak RSS', f.peakRssMb, ' MB'),
  info('RSS before discovery: Node, SDK, simulated account', f.setupRssMb, ' MB'),
  info('heap held by the observed account and the plan', f.heapHeldMb, ' MB'),
];

const GROWTH = {
  full: [
    { interfaces: 100, regions: 1 },
    { interfaces: 1_000, regions: 1 },
    { interfaces: 10_000, regions: 1 },
    { interfaces: 100_000, regions: 10 },
  ],
  quick: [
    { interfaces: 100, regions: 1 },
    { interfaces: 1_000, regions: 2 },
  ],
};

export function suite({ quick }) {
  const planInstances = quick ? 200 : 10_000;
  const planVpcs = quick ? { vpcsPerRegion: 5 } : {};
  const apply = applyAccount(quick);
  const growth = GROWTH[quick ? 'quick' : 'full'];
  return [
    {
      id: 'validate-large',
      title: '0. validate a large policy',
      scenario: 'validate',
      params: { entries: quick ? 500 : 5_000, repeats: quick ? 2 : 5 },
      checks: (f) => [
        info('parse + validate, first run', f.coldMs, ' ms'),
        info('parse + validate, median of warm runs', f.warmMs, ' ms'),
        atMost('`mirrorctl validate` end to end (median, Node start included)', f.cliMs, 1_000, ' ms'),
      ],
    },
    {
      id: 'plan-no-changes',
      title: '1. plan, nothing to change',
      scenario: 'plan',
      params: { ...planAccount(planInstances), ...planVpcs, mirroredShare: 1, expect: 'empty' },
      checks: planChecks,
    },
    {
      id: 'plan-create-all',
      title: '2. plan, everything to create',
      scenario: 'plan',
      params: { ...planAccount(planInstances), ...planVpcs, mirroredShare: 0, expect: 'create-all' },
      checks: planChecks,
    },
    ...growth.map((row, index) => ({
      id: `growth-${row.interfaces}`,
      title: `3. growth, ${row.interfaces.toLocaleString('en-US')} interfaces`,
      scenario: 'plan',
      growth: true,
      params: {
        ...planAccount(Math.round(row.interfaces / INTERFACES_PER_INSTANCE), row.regions),
        mirroredShare: 1,
        expect: 'empty',
      },
      checks: growthChecks(index === growth.length - 1),
    })),
    {
      id: 'apply',
      title: '4. apply, a session on every interface',
      scenario: 'apply',
      params: apply,
      checks: applyChecks,
    },
    {
      id: 'apply-faults',
      title: '5. apply with 5% faults + eventual consistency',
      scenario: 'apply',
      params: { ...apply, ...FAULTS, replan: true },
      checks: (f) => [...applyChecks(f), exactly('actions in a re-plan after the apply', f.replan.actions, 0)],
    },
    {
      id: 'apply-serial',
      title: '6. apply at concurrency 1',
      scenario: 'apply',
      params: { ...apply, concurrency: 1 },
      checks: (f, results) => {
        const concurrent = results.get('apply');
        return [
          info('wall time', f.wallMs, ' ms'),
          exactly('duplicate sessions', f.duplicates, 0),
          exactly('failed actions', f.failed, 0),
          info(
            "gain of the default concurrency (wall time ÷ default's)",
            concurrent ? f.wallMs / concurrent.wallMs : 'n/a',
            '×',
          ),
        ];
      },
    },
    {
      id: 'cycle-no-changes',
      title: "7. plan + apply, nothing to change (scenario 4's account, converged)",
      scenario: 'cycle',
      params: apply,
      checks: (f) => [
        exactly('planned actions', f.plan.actions, 0),
        exactly('mutating calls', f.mutatingCalls, 0),
        info('read calls', f.readCalls),
        info('wall time', f.wallMs, ' ms'),
      ],
    },
    {
      id: 'heal-burst',
      title: '8. Lambda healer: 1,000 launches within a minute, through an SQS FIFO queue',
      scenario: 'heal-burst',
      params: healBurst(quick),
      checks: (f) => [
        atMost('single launch, warm container: API calls', f.singleLaunch.warmCalls, 6),
        info('single launch, cold container: API calls', f.singleLaunch.coldCalls),
        info('wall time, first launch to last session', f.wallMs, ' ms'),
        info(`bucket floor: each create after its launch and its token (${f.bucket.burst} + ${f.bucket.rate}/s)`, f.floorMs, ' ms'),
        atMost('ratio to bucket floor', f.ratio, 1.2),
        exactly('sessions in the account (= interfaces)', f.ownedSessions, f.shape.interfaces),
        exactly('duplicate sessions', f.duplicates, 0),
        exactly('failed on throttling', f.throttlingFailures, 0),
        exactly('failed actions', f.failedActions, 0),
        info('batches (≤ 10 events each)', f.batches),
        info('records redelivered', f.redelivered),
        info('throttles answered by the simulator', f.simulatorThrottled),
        info('API calls', f.calls),
        info('heal latency p50', f.healLatencyMs.p50, ' ms'),
        info('heal latency p95', f.healLatencyMs.p95, ' ms'),
        info('peak RSS', f.peakRssMb, ' MB'),
      ],
    },
    {
      id: 'accounts-plan-no-changes',
      title: '9. plan over an organization, nothing to change',
      scenario: 'accounts-plan',
      params: { ...organizationPlan(quick), expect: 'empty' },
      checks: accountsPlanChecks,
    },
    {
      id: 'accounts-plan-create-all',
      title: '10. plan over an organization, everything to create',
      scenario: 'accounts-plan',
      params: { ...organizationPlan(quick), expect: 'create-all' },
      checks: accountsPlanChecks,
    },
    {
      id: 'accounts-apply',
      title: '11. apply over an organization, 8 accounts at a time',
      scenario: 'accounts-apply',
      params: { ...organizationApply(quick), accountConcurrency: 8 },
      checks: (f) => [
        info('wall time', f.wallMs, ' ms'),
        info(`one account's bucket floor: (calls − ${f.bucket.burst}) ÷ ${f.bucket.rate}/s`, f.accountFloorMs, ' ms'),
        exactly('sessions in the accounts (= interfaces)', f.ownedSessions, f.shape.interfaces),
        exactly('duplicate sessions', f.duplicates, 0),
        exactly('failed actions', f.failed, 0),
        exactly('AssumeRole calls, plan and apply (one per account)', f.assumeRole, f.shape.accounts),
        info('throttles seen by the executors', f.throttles),
        info('peak RSS', f.peakRssMb, ' MB'),
      ],
    },
    {
      id: 'accounts-apply-serial',
      title: '12. apply over an organization, one account at a time',
      scenario: 'accounts-apply',
      params: { ...organizationApply(quick), accountConcurrency: 1 },
      checks: (f, results) => {
        const parallel = results.get('accounts-apply');
        return [
          info('wall time', f.wallMs, ' ms'),
          exactly('sessions in the accounts (= interfaces)', f.ownedSessions, f.shape.interfaces),
          exactly('failed actions', f.failed, 0),
          info(
            "gain of 8 accounts at a time (wall time ÷ scenario 11's)",
            parallel ? f.wallMs / parallel.wallMs : 'n/a',
            '×',
          ),
        ];
      },
    },
    {
      id: 'wire-10k',
      title: '13. over the wire: plan, nothing to change, 10,000 instances',
      scenario: 'plan',
      params: wireAccount(quick ? 200 : 10_000, 1, planVpcs),
      checks: wireChecks(quick ? undefined : { wallMs: 2_500, rssMb: 250 }),
    },
    {
      id: 'wire-50k',
      title: '14. over the wire: plan, nothing to change, 50,000 instances in one region',
      scenario: 'plan',
      params: wireAccount(quick ? 1_000 : 50_000, 1, planVpcs),
      checks: wireChecks(quick ? undefined : { wallMs: 12_000, rssMb: 450 }),
    },
    {
      id: 'wire-100k',
      title: '15. over the wire: plan, nothing to change, 100,000 interfaces in 10 regions',
      scenario: 'plan',
      params: wireAccount(quick ? 1_000 : Math.round(100_000 / INTERFACES_PER_INSTANCE), quick ? 2 : 10, planVpcs),
      checks: wireChecks(quick ? undefined : { wallMs: 15_000, rssMb: 600 }),
    },
    {
      id: 'wire-vpc-alone',
      title: '16a. over the wire: plan of one VPC alone, 1,000 instances',
      scenario: 'plan',
      params: wireAccount(quick ? 50 : 1_000, 1, { vpcsPerRegion: 1 }),
      checks: wireChecks(undefined),
    },
    {
      id: 'wire-one-vpc',
      title: '16b. over the wire: a policy naming 1 VPC of 10, 10,000 instances in the region',
      scenario: 'plan',
      params: wireAccount(quick ? 500 : 10_000, 1, { vpcsPerRegion: 10, policyVpcs: 1 }),
      checks: (f, results) => {
        const alone = results.get('wire-vpc-alone');
        return [
          ...wireChecks(undefined)(f),
          alone === undefined ? info('API calls, VPC alone', 'n/a') : atMost('API calls (≤ the VPC alone + 4)', f.calls, alone.calls + 4),
          alone === undefined
            ? info('wall time, VPC alone', 'n/a')
            : atMost('wall time (≤ 1.5 × the VPC alone)', f.wallMs, 1.5 * alone.wallMs, ' ms'),
        ];
      },
    },
  ];
}
