/**
 * The migration from Vectra's tool as a user runs it, on a copy of the sandbox account the tool leaves:
 * import, plan, apply, plan again; then, once the migration is final, --cleanup-legacy-tags through a saved plan.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

let dir: string;
let account: string;
let policy: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-vectra-'));
  account = join(dir, 'account.yaml');
  policy = join(dir, 'mirror.config.yaml');
  await copyFile('examples/sandbox/vectra-account.yaml', account);
  const imported = await runCli(['import', 'vectra', '--sandbox', account, '--region', 'us-east-1', '--out', policy]);
  expect(imported.exitCode).toBe(0);
});

const vectraTagged = async (): Promise<string[]> =>
  ((await readSandboxFile(account)).regions['us-east-1']?.trafficMirrorSessions ?? [])
    .filter((session) => session.tags?.['Creator'] === 'Vectra:Tap')
    .map((session) => session.id);

describe("mirrorctl on Vectra's account", () => {
  it('without adopt, mirrors nothing twice and suggests adopting', async () => {
    const withoutAdopt = join(dir, 'without-adopt.yaml');
    await writeFile(withoutAdopt, (await readFile(policy, 'utf8')).replace('adopt: {vectra: true}\n', ''));
    const run = await runCli(['plan', '--sandbox', account, '-c', withoutAdopt]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("already have a mirror session made by Vectra's older tool");
    expect(run.stdout).toContain('add adopt: { vectra: true } to the policy');
  });

  it('plans adoptions and creates only, applies them, and then has nothing left to do', async () => {
    const planned = await runCli(['plan', '--sandbox', account, '-c', policy]);
    expect(planned.exitCode).toBe(0);
    expect(planned.stdout).toContain(" ~> adopt: take over another tool's resource in place (tag it, modify it where the policy differs)\n");
    expect(planned.stdout).toContain('Plan: 6 to adopt, 4 to add, 0 to change, 0 to destroy.');
    const json = JSON.parse((await runCli(['plan', '--sandbox', account, '-c', policy, '--format', 'json'])).stdout) as {
      summary: Record<string, number>;
    };
    expect(json.summary).toEqual({ create: 4, update: 0, delete: 0, replace: 0, adopt: 6 });

    const applied = await runCli(['apply', '--sandbox', account, '-c', policy, '--auto-approve']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 6 adopted, 4 added, 0 changed, 0 destroyed.');
    expect(await vectraTagged()).toHaveLength(5);

    const again = await runCli(['plan', '--sandbox', account, '-c', policy, '--detailed-exitcode']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('No changes. The account matches the policy.');
  });

  it("removes the tool's markers once the migration is final, through a reviewed plan", async () => {
    const planFile = join(dir, 'cleanup.json');
    const planned = await runCli(['plan', '--sandbox', account, '-c', policy, '--cleanup-legacy-tags', '--out', planFile]);
    expect(planned.exitCode).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to add, 5 to change, 0 to destroy.');
    expect(planned.stdout).toContain('- Creator = "Vectra:Tap"');
    const refused = await runCli(['apply', planFile, '--sandbox', account, '--cleanup-legacy-tags=false']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('the plan was made with --cleanup-legacy-tags, this run turns it off');
    const applied = await runCli(['apply', planFile, '--sandbox', account]);
    expect(applied.exitCode).toBe(0);
    expect(await vectraTagged()).toEqual([]);
    expect((await runCli(['plan', '--sandbox', account, '-c', policy])).stdout).toContain('No changes.');
  });
});
