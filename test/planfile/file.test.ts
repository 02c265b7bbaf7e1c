import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/core/errors.js';
import { readPlanFile, writePlanFile } from '../../src/planfile/file.js';
import { createSavedPlan } from '../../src/planfile/saved-plan.js';
import type { SavedPlan } from '../../src/planfile/types.js';
import { account, region, samplePlan } from './fixtures.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mirrorctl-planfile-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function saved(): SavedPlan {
  return createSavedPlan({
    plan: samplePlan,
    observed: account(region('us-east-1')),
    policy: { file: 'mirror.config.yaml', sha256: 'a'.repeat(64) },
    mirrorctlVersion: '0.1.0',
    planId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    createdAt: new Date('2026-05-01T12:00:00Z'),
  });
}

async function readError(path: string): Promise<UserError> {
  const error: unknown = await readPlanFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

async function writeJson(name: string, data: unknown): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
}

describe('createSavedPlan', () => {
  it('records the plan with its provenance and a fingerprint of what was observed', () => {
    const plan = saved();
    expect(plan).toMatchObject({
      formatVersion: 1,
      kind: 'mirrorctl-plan',
      createdAt: '2026-05-01T12:00:00.000Z',
      policy: { file: 'mirror.config.yaml', name: 'prod', sha256: 'a'.repeat(64) },
      accountId: '111122223333',
      regions: ['us-east-1'],
      mode: 'converge',
      plan: samplePlan,
    });
    expect(plan.fingerprint.regions.map((entry) => entry.region)).toEqual(['us-east-1']);
  });

  it('gives every plan its own random id by default', () => {
    const args = { plan: samplePlan, observed: account(), policy: { file: 'p.yaml', sha256: 'x' }, mirrorctlVersion: '0.1.0' };
    const first = createSavedPlan(args).planId;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createSavedPlan(args).planId).not.toBe(first);
  });
});

describe('writePlanFile and readPlanFile', () => {
  it('round-trips a saved plan', async () => {
    const path = join(directory, 'plan.json');
    await writePlanFile(path, saved());
    expect(await readPlanFile(path)).toEqual(saved());
  });

  it('keeps the account the plan was made for, and records its id as the plan file\'s account', async () => {
    const named = { ...samplePlan, account: { id: '444455556666', alias: 'prod-net', callerArn: 'arn:aws:iam::444455556666:user/ci' } };
    const plan = createSavedPlan({
      plan: named,
      observed: account(region('us-east-1')),
      policy: { file: 'p.yaml', sha256: 'x' },
      mirrorctlVersion: '0.1.0',
    });
    expect(plan.accountId).toBe('444455556666');
    const path = join(directory, 'plan.json');
    await writePlanFile(path, plan);
    expect((await readPlanFile(path)).plan.account).toEqual(named.account);
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const path = await writeJson('plan.json', 'old content');
    await writePlanFile(path, saved());
    expect(await readdir(directory)).toEqual(['plan.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(saved());
  });

  it('reports a directory that does not exist as a UserError naming the file, not its temporary copy', async () => {
    const path = join(directory, 'missing', 'plan.json');
    await expect(writePlanFile(path, saved())).rejects.toSatisfy(isUserError);
    await expect(writePlanFile(path, saved())).rejects.toThrow(`Cannot write plan file ${path}: no such file or directory`);
    await expect(writePlanFile(path, saved())).rejects.not.toThrow('.tmp');
    expect(await readdir(directory)).toEqual([]);
  });

  it('carries the planner options, and reads a file written before they were saved', async () => {
    const path = join(directory, 'plan.json');
    const allowing = { ...saved(), options: { allowEmptyEntries: true } };
    await writePlanFile(path, allowing);
    expect((await readPlanFile(path)).options).toEqual({ allowEmptyEntries: true });
    expect(saved().options).toEqual({ allowEmptyEntries: false });
    const { options: _options, ...older } = saved();
    await writePlanFile(path, older);
    expect((await readPlanFile(path)).options).toBeUndefined();
  });

  it('keeps an undefined attribute value as unset', async () => {
    const path = join(directory, 'plan.json');
    const base = saved();
    const [action] = base.plan.actions;
    if (action === undefined) throw new Error('fixture has an action');
    const change = { attribute: 'packetLength', before: undefined, after: 256, forcesReplacement: false };
    const plan = { ...base.plan, actions: [{ ...action, changes: [change] }] };
    await writePlanFile(path, { ...base, plan });
    const [read] = (await readPlanFile(path)).plan.actions;
    expect(read?.changes).toEqual([{ attribute: 'packetLength', after: 256, forcesReplacement: false }]);
  });

  it('ignores members added by a newer mirrorctl within the same format version', async () => {
    const path = await writeJson('plan.json', { ...saved(), gitCommit: 'abc123' });
    expect(await readPlanFile(path)).toEqual(saved());
  });

  it('rejects a missing file', async () => {
    const error = await readError(join(directory, 'nope.json'));
    expect(error.message).toBe(`Plan file ${join(directory, 'nope.json')} does not exist`);
    expect(error.hint).toContain('mirrorctl plan --out');
  });

  it('rejects a truncated file as corrupt', async () => {
    const text = JSON.stringify(saved());
    const path = await writeJson('plan.json', text.slice(0, text.length / 2));
    const error = await readError(path);
    expect(error.message).toMatch(/^Plan file .*plan\.json is corrupt: it is not valid JSON/);
  });

  it('rejects JSON that is not a plan', async () => {
    for (const data of [{ formatVersion: 1, policyName: 'prod' }, [1, 2], 'null']) {
      const error = await readError(await writeJson('other.json', data));
      expect(error.message).toMatch(/other\.json is not a mirrorctl plan file$/);
    }
  });

  it('rejects an unknown format version and names both versions', async () => {
    const path = await writeJson('plan.json', { ...saved(), formatVersion: 2, mirrorctlVersion: '2.0.0' });
    const error = await readError(path);
    expect(error.message).toContain('has format version 2 by mirrorctl 2.0.0; this mirrorctl reads format version 1');
  });

  it('rejects a damaged plan and says where', async () => {
    const damaged = saved();
    const actions = damaged.plan.actions.map((action) => ({ ...action, action: 'teleport' }));
    const path = await writeJson('plan.json', { ...damaged, plan: { ...damaged.plan, actions } });
    const error = await readError(path);
    expect(error.message).toMatch(/is corrupt: plan\.actions\.0\.action: /);
  });
});
