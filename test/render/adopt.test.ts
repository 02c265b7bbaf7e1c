/** How the reporters show an adoption: its own symbol and legend line, why, what changes, and the counts. */
import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/render/json.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { renderPlanText } from '../../src/render/text.js';
import { adoptSession, createSession, planOf } from './fixtures.js';

const plain = { color: false, verbose: false } as const;
const plan = planOf([adoptSession('eni-1'), createSession('eni-2')]);

describe('an adopt action', () => {
  it('has its own legend line, block symbol and headline, says what it takes over, and shows tags as a difference', () => {
    const text = renderPlanText(plan, plain);
    expect(text).toContain(
      'Resource actions are indicated with the following symbols:\n' +
        " ~> adopt: take over another tool's resource in place (tag it, modify it where the policy differs)\n" +
        '  + create\n',
    );
    expect(text).toContain(
      '  # session session/web/eni-1 (us-east-1) will be adopted\n' +
        "  # (take over tms-1, made by Vectra's session mirroring tool (adopt: vectra); its tags are kept)\n" +
        ' ~> session "session/web/eni-1" {\n' +
        '        id          = tms-1\n' +
        '      ~ description = "Vectra EC2 " -> "mirrorctl"\n' +
        '      ~ tags        = { + mirrorctl:key = "session/web/eni-1", + mirrorctl:managed-by = "mirrorctl", + mirrorctl:policy = "prod" } (kept: Creator, Name)\n',
    );
    expect(text).toContain('Plan: 1 to adopt, 1 to add, 0 to change, 0 to destroy.');
  });

  it('leaves the totals of a plan without adoptions as they were', () => {
    expect(renderPlanText(planOf([createSession('eni-2')]), plain)).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  it('is counted and detailed in the pull-request comment', () => {
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain('### mirrorctl plan `prod`: 1 to adopt, 1 to add, 0 to change, 0 to destroy');
    expect(markdown).toContain('| Region | Resource | Adopt (~>) | Create (+) |');
    expect(markdown).toContain('<summary>~> 1 session to adopt</summary>');
    expect(markdown).toContain("take over tms-1, made by Vectra's session mirroring tool (adopt: vectra); its tags are kept<br>");
  });

  it('is an action kind of its own in JSON, counted in summary.adopt', () => {
    const document = JSON.parse(renderPlanJson(plan)) as { summary: Record<string, number>; actions: { action: string; id?: string }[] };
    expect(document.summary).toEqual({ create: 1, update: 0, delete: 0, replace: 0, adopt: 1 });
    expect(document.actions[0]).toMatchObject({ action: 'adopt', id: 'tms-1' });
  });
});
