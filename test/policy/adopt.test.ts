/** `adopt`: what another tool made that the plan may take over, as the planner and the executor read it. */
import { describe, expect, it } from 'vitest';
import { loadPolicyFromString } from '../../src/policy/load.js';

const policy = (body: string) => `version: 1\nname: test\nregions: [us-east-1]\n${body}`;

describe('adopt in the policy', () => {
  it('is absent unless written: nothing is adopted by default', () => {
    expect(loadPolicyFromString(policy(''), 'p.yaml').policy?.adopt).toBeUndefined();
  });

  it("reads Vectra's markers and another tool's session tags", () => {
    const loaded = loadPolicyFromString(policy('adopt: { vectra: true, sessions: { tags: { Creator: old-tap } } }\n'), 'p.yaml');
    expect(loaded.policy?.adopt).toEqual({ vectra: true, sessionTags: { Creator: 'old-tap' } });
    expect(loadPolicyFromString(policy('adopt: { sessions: { tags: { team: netops } } }\n'), 'p.yaml').policy?.adopt).toEqual({
      vectra: false,
      sessionTags: { team: 'netops' },
    });
  });

  it('refuses an empty tag set, which would adopt every session of every other tool, where it is written', () => {
    const loaded = loadPolicyFromString(policy('adopt:\n  sessions:\n    tags: {}\n'), 'p.yaml');
    expect(loaded.policy).toBeUndefined();
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        code: 'adopt-without-tags',
        message: 'adopt.sessions.tags is empty, which would adopt every session another tool made',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 6 }) }),
      }),
    ]);
  });

  it('refuses unknown keys with a suggestion', () => {
    const loaded = loadPolicyFromString(policy('adopt: { vectr: true }\n'), 'p.yaml');
    expect(loaded.policy).toBeUndefined();
    expect(loaded.diagnostics[0]?.message).toContain('vectr');
    expect(loaded.diagnostics[0]?.hint).toContain('vectra');
  });
});
