import { describe, expect, it } from 'vitest';
import type { PlanAction } from '../../src/core/types/plan.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { createSession, deleteSession, planOf, replaceTarget, skipped, updateSession } from './fixtures.js';

const GITHUB_LIMIT = 65_536;

function creates(count: number): PlanAction[] {
  return Array.from({ length: count }, (_, index) => createSession(`eni-${String(index).padStart(6, '0')}`));
}

describe('renderPlanMarkdown', () => {
  const mixed = planOf([replaceTarget, createSession('eni-1'), updateSession('eni-2'), deleteSession('eni-3', 'excluded')], {
    skipped: skipped(4),
    warnings: [{ code: 'cross-az', message: 'target in another AZ', region: 'us-east-1' }],
  });

  it('puts the counts in the title and a summary table first', () => {
    const text = renderPlanMarkdown(mixed);
    expect(text.split('\n')[0]).toBe('### mirrorctl plan `prod`: 2 to add, 1 to change, 2 to destroy (1 replacement)');
    const table = text.slice(text.indexOf('| Region'), text.indexOf('<details>'));
    expect(table).toBe(
      [
        '| Region | Resource | Create (+) | Update (~) | Destroy (-) | Replace (+/-) |',
        '| :-- | :-- | --: | --: | --: | --: |',
        '| `us-east-1` | targets |  |  |  | 1 |',
        '| `us-east-1` | sessions | 1 | 1 | 1 |  |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('folds the details of each kind of change, with changes and reasons', () => {
    const text = renderPlanMarkdown(mixed);
    expect(text).toContain('<details><summary>- 1 session to destroy</summary>');
    expect(text).toContain('| `session/web/eni-3` | `us-east-1` | `tms-3` | because excluded |');
    expect(text).toContain('| `session/web/eni-2` | `us-east-1` | `tms-2` | `packetLength`: `128` → `256` |');
    expect(text).toMatch(/`networkLoadBalancerArn`: `"[^`]+"` → `"[^`]+"` \(forces replacement\)<br>because the NLB ARN/);
    expect(text.split('<details>').length).toBe(text.split('</details>').length);
  });

  it('tables skipped interfaces by reason, then warnings, then cost', () => {
    const text = renderPlanMarkdown(mixed);
    expect(text).toContain('#### Skipped interfaces: 4');
    expect(text).toContain('| `unsupported-instance-type` | 4 | 1: t2.micro is not a supported source type (\\#0) (e.g. eni-skip0 (i-skip0, us-east-1))<br>');
    expect(text).toContain('<br>… 1 other cause |');
    expect(text).toContain('- **cross-az** (`us-east-1`): target in another AZ');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Cost: /);
  });

  it('groups rows above maxRows', () => {
    const text = renderPlanMarkdown(planOf(creates(30)), { maxRows: 20 });
    expect(text).toContain('| Group | Details |');
    expect(text).toContain('| 30 sessions to create in us-east-1 → target/sensor-nlb with filter/all-traffic (vpc-1: 30) | to new interface in scope: 30 |');
    expect(text).not.toContain('eni-000000');
  });

  it('keeps text from breaking the table or injecting HTML', () => {
    const text = renderPlanMarkdown(planOf([deleteSession('eni-3', 'tag a|b is <script> set')]));
    expect(text).toContain('because tag a\\|b is \\<script\\> set |');
  });

  it('says when there is nothing to change', () => {
    const text = renderPlanMarkdown(planOf([], { skipped: skipped(1) }));
    expect(text.split('\n')[0]).toBe('### mirrorctl plan `prod`: no changes');
    expect(text).toContain('No changes. The account matches the policy.');
    expect(text).toContain('#### Skipped interfaces: 1');
  });

  it('leaves a small plan whole', () => {
    expect(renderPlanMarkdown(planOf(creates(40)), { maxRows: 1_000 })).not.toContain('cut to fit');
  });

  it("cuts rows to fit GitHub's comment limit, keeps warnings and cost, and says what it cut", () => {
    const warnings = Array.from({ length: 30 }, (_, index) => ({ code: 'w', message: `warning ${index}` }));
    const text = renderPlanMarkdown(planOf(creates(5_000), { warnings }), { maxRows: Infinity });
    expect(text.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    const kept = text.split('\n').filter((line) => line.startsWith('| `session/')).length;
    expect(kept).toBeGreaterThan(100);
    expect(text).toContain(`This comment was cut to fit GitHub's 65,536-character limit: ${(5_000 - kept).toLocaleString('en-US')} rows left out (${(5_000 - kept).toLocaleString('en-US')} of 5,000 sessions to create)`);
    expect(text).toContain('- **w**: warning 29');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Cost: /);
    expect(text.split('<details>').length).toBe(text.split('</details>').length);
  });
  it('says what each create makes: a rule by its content, a session by its interface, target and filter', () => {
    const rule: PlanAction = {
      id: 'us-east-1/filter/web-only/ingress/110',
      action: 'create',
      type: 'filter-rule',
      key: 'filter/web-only/ingress/110',
      region: 'us-east-1',
      after: {
        kind: 'filter-rule',
        filter: { key: 'filter/web-only' },
        direction: 'ingress',
        number: 110,
        action: 'accept',
        protocol: 6,
        source: '10.0.0.0/8',
        destination: '0.0.0.0/0',
        destinationPorts: { from: 443, to: 443 },
        tags: {},
      },
      changes: [],
      reason: 'ingress rule #110 of filter web-only',
      dependsOn: [],
    };
    const text = renderPlanMarkdown(planOf([rule, createSession('eni-0001')]));
    expect(text).toContain(
      '| `filter/web-only/ingress/110` | `us-east-1` | (known after apply) | ingress \\#110: accept 6 (tcp) 10.0.0.0/8 → 0.0.0.0/0 port 443<br>ingress rule \\#110 of filter web-only |',
    );
    expect(text).toContain('eni-0001 (i-0001) \\#1 → tmt-0aaa via tmf-0bbb<br>new interface in scope');
  });
});
