import { describe, expect, it } from 'vitest';
import type { PlanAction, SkippedInterface } from '../../src/core/types/plan.js';
import { renderPlanText } from '../../src/render/text.js';
import {
  cost,
  createSession,
  deleteSession,
  planOf,
  replaceTarget,
  skipped,
  updateSession,
} from './fixtures.js';

const plain = { color: false, verbose: false } as const;

function legendOf(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf('Resource actions are indicated with the following symbols:');
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

function sessions(count: number, make: (eni: string, index: number) => PlanAction): PlanAction[] {
  return Array.from({ length: count }, (_, index) => make(`eni-${String(index).padStart(5, '0')}`, index));
}

describe('renderPlanText', () => {
  it('renders a mixed plan', () => {
    const plan = planOf([replaceTarget, createSession('eni-1'), updateSession('eni-2'), deleteSession('eni-3', 'the interface is excluded')], {
      skipped: skipped(2),
      warnings: [{ code: 'cross-az-target', message: 'sessions cross an AZ boundary', region: 'us-east-1' }],
    });
    expect(renderPlanText(plan, plain)).toMatchSnapshot();
  });

  it('lists in the legend only the symbols the plan uses', () => {
    expect(legendOf(renderPlanText(planOf([createSession('eni-1')]), plain))).toEqual(['  + create']);
    expect(legendOf(renderPlanText(planOf([deleteSession('eni-1', 'gone'), replaceTarget]), plain))).toEqual([
      '  - destroy',
      '+/- create replacement and then destroy',
    ]);
  });

  it('says why a resource is destroyed, on its own line under the headline', () => {
    const text = renderPlanText(planOf([deleteSession('eni-3', 'instance i-3 is excluded by tag mirroring=off')]), plain);
    expect(text).toContain(
      '  # session session/web/eni-3 (us-east-1) will be destroyed\n  # (because instance i-3 is excluded by tag mirroring=off)\n  - session "session/web/eni-3" {',
    );
    expect(text).toContain('      - id                 = tms-3\n');
  });

  it('marks the attribute that forces a replacement, and the new id as unknown', () => {
    const text = renderPlanText(planOf([replaceTarget]), plain);
    expect(text).toContain('  # target target/sensor-nlb (us-east-1) must be replaced\n  # (because the NLB ARN cannot be changed in place)\n+/- target');
    expect(text).toMatch(/~ networkLoadBalancerArn = "[^"]+old\/9" -> "[^"]+sensor\/1" # forces replacement\n/);
    expect(text).toContain('~ id                     = tmt-0old -> (known after apply)');
  });

  it('shows references by key and id, and ids still to be created as known after apply', () => {
    const pending = createSession('eni-1', 'us-east-1', { filter: { key: 'filter/new' } });
    const text = renderPlanText(planOf([pending]), plain);
    expect(text).toContain('+ id                 = (known after apply)');
    expect(text).toContain('+ filter             = filter/new (known after apply)');
    expect(text).toContain('+ target             = target/sensor-nlb (tmt-0aaa)');
  });

  it('hides ownership tags and unchanged attributes unless verbose', () => {
    const plan = planOf([createSession('eni-1'), updateSession('eni-2')]);
    const concise = renderPlanText(plan, plain);
    expect(concise).toContain('+ tags               = { team = "net" }');
    expect(concise).toContain('# (8 unchanged attributes hidden)');
    const verbose = renderPlanText(plan, { color: false, verbose: true });
    expect(verbose).toContain('mirrorctl:policy = "prod"');
    expect(verbose).not.toContain('unchanged attributes hidden');
    expect(verbose).toMatch(/\n {8}sessionNumber {6}= 1\n/);
  });

  it('groups an (action, type) with more than maxBlocks actions, summarised by target, filter and VPC', () => {
    const creates = sessions(120, (eni, index) => createSession(eni, 'us-east-1', { vpcId: `vpc-${index % 3 === 0 ? 'a' : 'b'}` }));
    const plan = planOf([replaceTarget, ...creates]);
    const text = renderPlanText(plan, { ...plain, maxBlocks: 100 });
    expect(text).toContain(
      '  + 120 sessions to create in us-east-1 → target/sensor-nlb with filter/all-traffic (vpc-b: 80, vpc-a: 40)\n',
    );
    expect(text).not.toContain('# session session/web/eni-00000');
    expect(text).toContain('# target target/sensor-nlb (us-east-1) must be replaced');
    expect(text).toContain('(120 actions are summarised in groups; --verbose shows every block');
    expect(text).toContain('Plan: 121 to add, 0 to change, 1 to destroy.');
  });

  it('keeps blocks at exactly maxBlocks, and shows every block when verbose', () => {
    const plan = planOf(sessions(3, (eni) => createSession(eni)));
    expect(renderPlanText(plan, { ...plain, maxBlocks: 3 })).not.toContain('sessions to create');
    expect(renderPlanText(plan, { ...plain, maxBlocks: 2 })).toContain('+ 3 sessions to create');
    expect(renderPlanText(plan, { color: false, verbose: true, maxBlocks: 2 })).not.toContain('sessions to create');
  });

  it('groups deletions with their reasons and names at most five VPCs', () => {
    const deletes = sessions(60, (eni, index) =>
      deleteSession(eni, index < 50 ? 'not in the policy' : 'instance stopped', 'us-east-1', { vpcId: `vpc-${index % 7}` }),
    );
    const text = renderPlanText(planOf(deletes), plain);
    expect(text).toContain('  - 60 sessions to destroy in us-east-1 → target/sensor-nlb with filter/all-traffic (vpc-0: 9, vpc-1: 9, vpc-2: 9, vpc-3: 9, vpc-4: 8, … 2 more)\n');
    expect(text).toContain('      # because not in the policy (50); instance stopped (10)\n');
  });

  it("groups skipped interfaces by reason, and a reason's interfaces by cause with one example, unless verbose", () => {
    const skip = (n: number, type: string): SkippedInterface => ({
      region: 'us-east-1',
      instanceId: `i-0${n}`,
      networkInterfaceId: `eni-0${n}`,
      reason: 'unsupported-instance-type',
      detail: `instance i-0${n} is a ${type}, not a supported Traffic Mirroring source type`,
    });
    const plan = planOf([], {
      skipped: [skip(1, 't2.micro'), skip(2, 'm8g.large'), skip(3, 't2.micro'), skip(4, 't2.micro'), ...skipped(1, 'requester-managed')],
    });
    const text = renderPlanText(plan, plain);
    expect(text).toContain(
      'Skipped 5 interfaces:\n  unsupported-instance-type: 4\n' +
        '    3 interfaces: instance is a t2.micro, not a supported Traffic Mirroring source type (e.g. eni-01 (i-01, us-east-1))\n' +
        '    1 interface: instance is a m8g.large, not a supported Traffic Mirroring source type (e.g. eni-02 (i-02, us-east-1))\n' +
        '    (--verbose lists every interface)\n' +
        '  requester-managed: 1\n    eni-skip0 (i-skip0, us-east-1): t2.micro',
    );
    expect(text).not.toContain('eni-04');
    expect(renderPlanText(plan, { color: false, verbose: true })).toContain('eni-04 (i-04, us-east-1): instance i-04 is a t2.micro');
  });

  it('says there are no changes, and still shows skipped interfaces and warnings', () => {
    const plan = planOf([], { skipped: skipped(1), warnings: [{ code: 'no-vpcs', message: 'no VPC matched tags' }] });
    const text = renderPlanText(plan, plain);
    expect(text).not.toContain('Resource actions');
    expect(text).toContain('Skipped 1 interface:');
    expect(text).toContain('Warning: no VPC matched tags [no-vpcs]');
    expect(text.trimEnd().split('\n').at(-1)).toBe('No changes. The account matches the policy.');
  });

  it('prints the cost with thousands separators and the session delta', () => {
    const text = renderPlanText(planOf([], { cost: cost(10_000, 10_010) }), plain);
    expect(text).toContain(
      'Cost: +$109.50/month (+10 sessions) → $109,609.50/month total for 10,010 sessions at $0.015/session-hour (us-east-1)',
    );
  });

  it('counts replacements in both add and destroy, and says so', () => {
    const text = renderPlanText(planOf([replaceTarget, createSession('eni-1')]), plain);
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 2 to add, 0 to change, 1 to destroy. 1 replacement is counted in both.');
  });

  it('writes no escape byte without colour, and colours actions with it', () => {
    const plan = planOf([replaceTarget, createSession('eni-1'), updateSession('eni-2'), deleteSession('eni-3', 'gone')], {
      warnings: [{ code: 'w', message: 'careful' }],
    });
    expect(renderPlanText(plan, plain)).not.toContain('\u001b');
    expect(renderPlanText(plan, { color: false, verbose: true })).not.toContain('\u001b');
    const coloured = renderPlanText(plan, { color: true, verbose: false });
    expect(coloured).toContain('\u001b[32m  +\u001b[39m session');
    expect(coloured).toContain('\u001b[36m+/-\u001b[39m target');
    expect(coloured).toContain('\u001b[31m  -\u001b[39m session');
    expect(coloured).toContain('\u001b[33m  ~\u001b[39m session');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderPlanText(plan, plain));
  });

  it('mentions destroy mode in the header', () => {
    const text = renderPlanText(planOf([deleteSession('eni-1', 'destroy requested')], { mode: 'destroy', regions: ['us-east-1', 'eu-west-1'] }), plain);
    expect(text.split('\n')[0]).toBe(
      'mirrorctl plan for policy "prod" in us-east-1, eu-west-1 (destroy: every resource this policy owns is deleted)',
    );
  });
});

describe('protocol numbers', () => {
  it('names well-known IANA protocols next to their number', () => {
    const rule = {
      kind: 'filter-rule' as const,
      filter: { key: 'filter/web' },
      direction: 'ingress' as const,
      number: 10,
      action: 'accept' as const,
      protocol: 6,
      source: '0.0.0.0/0',
      destination: '10.0.0.0/8',
      tags: {},
    };
    const text = renderPlanText(
      planOf([
        {
          id: 'us-east-1/filter/web/ingress/10',
          action: 'create',
          type: 'filter-rule',
          key: 'filter/web/ingress/10',
          region: 'us-east-1',
          after: rule,
          changes: [],
          reason: 'new rule',
          dependsOn: [],
        },
      ]),
      { color: false, verbose: false },
    );
    expect(text).toMatch(/protocol\s+= 6 \(tcp\)/);
  });
  it('sums up a large group by what it does: deletes by their reason without ids, updates by old → new value', () => {
    const enis = Array.from({ length: 30 }, (_, index) => `eni-0${index}`);
    const deletes = enis.map((eni, index) => deleteSession(eni, `instance i-0${index} is excluded by tag mirroring=excluded`));
    const updates = enis.map((eni) => updateSession(eni.replace('eni-0', 'eni-1')));
    const text = renderPlanText(planOf([...updates, ...deletes]), { ...plain, maxBlocks: 20 });
    expect(text).toContain('# changing packetLength 128 → 256: 30 sessions');
    expect(text).toContain('# because instance is excluded by tag mirroring=excluded');
    expect(text).not.toContain('i-01 ');
  });
});
