/**
 * The CI recipe of the README, examples/ci/mirrorctl.yml: its shell steps run under `bash -e`, as on a
 * GitHub runner, against a copy of the demo account: plan on a pull request, apply on merge.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSandboxFile, writeSandboxFile } from '../../src/sandbox/index.js';
import { installStubs, readWorkflow, runJob, type RunJobOptions, type Workflow } from './workflow-runner.js';

const WORKFLOW = 'examples/ci/mirrorctl.yml';
const EXPRESSIONS = {
  'github.token': 'token',
  'github.event.pull_request.number': '42',
  'github.repository': 'example/policies',
  'github.sha': 'c0ffee',
};

let workflow: Workflow;
let dir: string;
let sandbox: string;

beforeEach(async () => {
  workflow = await readWorkflow(WORKFLOW);
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-ci-'));
  sandbox = join(dir, 'account.yaml');
  await copyFile('examples/sandbox/demo-account.yaml', sandbox);
  await installStubs(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh checkout holding the policy, as each job of a run starts from. */
async function checkout(name: string): Promise<string> {
  const cwd = join(dir, name);
  await rm(cwd, { recursive: true, force: true });
  await mkdir(cwd);
  await copyFile('examples/sandbox/mirror.config.yaml', join(cwd, 'mirror.config.yaml'));
  return cwd;
}

async function run(job: 'plan' | 'apply', cwd: string, stubEnv: Record<string, string> = {}) {
  const options: RunJobOptions = { cwd, stubDir: dir, expressions: EXPRESSIONS, stubEnv: { STUB_SANDBOX: sandbox, ...stubEnv } };
  return runJob(workflow, job, options);
}

const exitCodes = (job: { steps: readonly { exitCode: number }[] }) => job.steps.map((step) => step.exitCode);

describe(WORKFLOW, () => {
  it('expands no expression inside a script: values reach the scripts through env', () => {
    const scripts = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => step.run ?? []));
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    for (const script of scripts) expect(script).not.toContain('${{');
  });

  it('plans on a pull request: exit 2 does not kill the step, the markdown is commented, the plan kept', async () => {
    const cwd = await checkout('pr');
    const job = await run('plan', cwd);
    expect(exitCodes(job)).toEqual([0, 0, 0]);
    expect(job.outputs).toEqual(['changes=true']);
    expect(job.calls).toEqual(['npm install --global mirrorctl@0.1.0', 'gh pr comment 42 --body-file plan.md --edit-last --create-if-none']);
    expect(await readFile(join(dir, 'comment.md'), 'utf8')).toMatch(/<details>[\s\S]*sessions to create/);
    expect(JSON.parse(await readFile(join(cwd, 'plan.json'), 'utf8'))).toMatchObject({ kind: 'mirrorctl-plan' });
  });

  it('fails the plan step, and comments nothing, when mirrorctl fails', async () => {
    const cwd = await checkout('broken');
    await writeFile(join(cwd, 'mirror.config.yaml'), 'version: 1\nname: broken\n');
    const job = await run('plan', cwd);
    expect(exitCodes(job)).toEqual([0, 1]);
    expect(job.steps[1]?.stderr).toContain('error');
    expect(job.calls.some((call) => call.startsWith('gh '))).toBe(false);
  });

  it('fails the plan step under --strict, saving and commenting nothing, when the plan warns', async () => {
    const cwd = await checkout('typo');
    const policy = join(cwd, 'mirror.config.yaml');
    await writeFile(policy, (await readFile(policy, 'utf8')).replace('id: vpc-0e1a9d0c4b7f20001', 'id: vpc-0e1a9d0c4b7f2000f'));
    const job = await run('plan', cwd);
    expect(exitCodes(job)).toEqual([0, 1]);
    expect(job.steps[1]?.stderr).toContain('--strict turned 1 warning into errors');
    expect(job.steps[1]?.stderr).toContain('[vpc-not-found]');
    expect(job.calls.some((call) => call.startsWith('gh '))).toBe(false);
    await expect(readFile(join(cwd, 'plan.json'))).rejects.toThrow(/ENOENT/);
  });

  it('applies the reviewed plan of the merged pull request, after which a plan shows no changes', async () => {
    const pr = await checkout('pr');
    await run('plan', pr);
    const main = await checkout('main');
    const applied = await run('apply', main, { STUB_PR_HEAD: 'feed', STUB_RUN_ID: '7', STUB_ARTIFACT: join(pr, 'plan.json') });
    expect(exitCodes(applied)).toEqual([0, 0, 0]);
    expect(applied.calls).toContain('gh run download 7 --repo example/policies --name mirrorctl-plan --dir reviewed');
    expect(JSON.parse(await readFile(join(main, 'apply-result.json'), 'utf8'))).toMatchObject({ status: 'complete' });
    const next = await run('plan', await checkout('next-pr'));
    expect(exitCodes(next)).toEqual([0, 0, 0]);
    expect(next.outputs).toEqual(['changes=false']);
  });

  it('fails the apply, changing nothing, when the reviewed plan is no longer what would happen', async () => {
    const pr = await checkout('pr');
    await run('plan', pr);
    const file = await readSandboxFile(sandbox);
    const [group] = file.regions['us-east-1']!.targetGroups!;
    group!.targets = [...(group!.targets ?? []), { id: 'i-0e1a9d0c4b7f21001' }];
    await writeSandboxFile(sandbox, file);
    const before = await readFile(sandbox, 'utf8');
    const applied = await run('apply', await checkout('main'), { STUB_PR_HEAD: 'feed', STUB_RUN_ID: '7', STUB_ARTIFACT: join(pr, 'plan.json') });
    expect(exitCodes(applied)).toEqual([0, 0, 1]);
    expect(applied.steps[2]?.stderr).toContain('Saved plan is stale');
    expect(await readFile(sandbox, 'utf8')).toBe(before);
  });

  it('plans and applies on a push that merged no pull request', async () => {
    const main = await checkout('main');
    const applied = await run('apply', main);
    expect(exitCodes(applied)).toEqual([0, 0, 0]);
    expect(applied.calls.some((call) => call.startsWith('gh run download'))).toBe(false);
    expect(JSON.parse(await readFile(join(main, 'apply-result.json'), 'utf8'))).toMatchObject({ status: 'complete' });
  });
});
