/** Every plan names the account it is for and the caller, in each format. */
import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/render/json.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { renderPlanText } from '../../src/render/text.js';
import { createSession, planOf } from './fixtures.js';

const callerArn = 'arn:aws:sts::012345678901:assumed-role/ci_deploy/run-1';
const withAlias = planOf([createSession('eni-1')], { account: { id: '012345678901', alias: 'prod-net', callerArn } });
const withoutAlias = planOf([], { account: { id: '012345678901', callerArn } });
const plain = { color: false, verbose: false } as const;

describe('the account in a plan', () => {
  it('text: the line under the header', () => {
    expect(renderPlanText(withAlias, plain).split('\n').slice(0, 2)).toEqual([
      'mirrorctl plan for policy "prod" in us-east-1',
      `Account 012345678901 (prod-net), as ${callerArn}`,
    ]);
    expect(renderPlanText(withoutAlias, plain).split('\n')[1]).toBe(`Account 012345678901, as ${callerArn}`);
  });

  it('markdown: a line before the regions, with the alias made inert', () => {
    const lines = renderPlanMarkdown(withAlias).split('\n');
    expect(lines.slice(2, 5)).toEqual([`Account: \`012345678901\` (prod-net) · caller \`${callerArn}\``, '', 'Regions: `us-east-1`']);
    expect(renderPlanMarkdown(withoutAlias)).toContain(`Account: \`012345678901\` · caller \`${callerArn}\`\n`);
  });

  it('json: account {id, alias?, callerArn} after the policy', () => {
    const document = JSON.parse(renderPlanJson(withAlias)) as Record<string, unknown>;
    expect(Object.keys(document).slice(0, 3)).toEqual(['formatVersion', 'policy', 'account']);
    expect(document['account']).toEqual({ id: '012345678901', alias: 'prod-net', callerArn });
    expect((JSON.parse(renderPlanJson(withoutAlias)) as Record<string, unknown>)['account']).toEqual({ id: '012345678901', callerArn });
  });

  it('a plan made without an account (the pure planner alone) has no account line', () => {
    expect(renderPlanText(planOf([]), plain).split('\n')[1]).toBe('');
    expect(JSON.parse(renderPlanJson(planOf([])))).not.toHaveProperty('account');
  });
});
