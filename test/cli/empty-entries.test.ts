/**
 * Issue 16: a policy entry that matches nothing (a mistyped VPC id, a tag no VPC carries any more, a load
 * balancer that does not exist) used to delete, or re-point, every session an earlier apply made for it.
 * Through the real CLI against a copy of the demo account that an apply of the same policy has mirrored.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO_POLICY = 'examples/sandbox/mirror.config.yaml';
const PROD_VPC = 'vpc-0e1a9d0c4b7f20001';
const NLB = 'net/sensors/0123456789abcdef';

interface JsonPlan {
  readonly status?: string;
  readonly actions: readonly { action: string; type: string; key: string; reason: string }[];
  readonly warnings: readonly { code: string; message: string }[];
}

let mirrored: string;
/** The same account, mirrored by the demo policy as shipped: its entries have no name. */
let mirroredUnnamed: string;
let named: string;
let dir: string;
let account: string;

/** The demo policy with named entries: a session's key names its entry, not the VPC id the entry selects. */
async function namedPolicy(): Promise<string> {
  const text = await readFile(DEMO_POLICY, 'utf8');
  return text
    .replace(`- { id: ${PROD_VPC},`, `- { name: prod, id: ${PROD_VPC},`)
    .replace('- { tags: { mirroring: enabled },', '- { name: staging-web, tags: { mirroring: enabled },')
    .replace('- { id: vpc-0e2b8c1d5a6e30001,', '- { name: prod-eu, id: vpc-0e2b8c1d5a6e30001,');
}

beforeAll(async () => {
  const setup = await mkdtemp(join(tmpdir(), 'mirrorctl-empty-'));
  named = join(setup, 'named.yaml');
  await writeFile(named, await namedPolicy());
  mirrored = join(setup, 'mirrored.yaml');
  await copyFile('examples/sandbox/demo-account.yaml', mirrored);
  const applied = await runCli(['apply', '--auto-approve', '--sandbox', mirrored, '-c', named]);
  expect(applied.exitCode).toBe(0);
  mirroredUnnamed = join(setup, 'mirrored-unnamed.yaml');
  await copyFile('examples/sandbox/demo-account.yaml', mirroredUnnamed);
  expect((await runCli(['apply', '--auto-approve', '--sandbox', mirroredUnnamed, '-c', DEMO_POLICY])).exitCode).toBe(0);
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-empty-'));
  account = join(dir, 'account.yaml');
  await copyFile(mirrored, account);
});

/** The named policy with one edit, written next to the account. */
async function policyWith(from: string, to: string): Promise<string> {
  const text = await readFile(named, 'utf8');
  expect(text).toContain(from);
  const path = join(dir, 'policy.yaml');
  await writeFile(path, text.replace(from, to));
  return path;
}

async function jsonPlan(policy: string, ...extra: string[]): Promise<JsonPlan> {
  const run = await runCli(['plan', '--sandbox', account, '-c', policy, '--format', 'json', ...extra]);
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as JsonPlan;
}

const sessionActions = (plan: JsonPlan) => plan.actions.filter((item) => item.type === 'session');
const emptyEntryMessages = (plan: JsonPlan) =>
  plan.warnings.filter((item) => item.code === 'entry-matches-nothing').map((item) => item.message);

async function sessionIds(): Promise<string[]> {
  const file = await readSandboxFile(account);
  return Object.values(file.regions).flatMap((region) => (region.trafficMirrorSessions ?? []).map((session) => session.id)).sort();
}

describe.each([
  ['a mistyped VPC id', `id: ${PROD_VPC}`, 'id: vpc-0e1a9d0c4b7f2000f', 'prod', 9, /VPC vpc-0e1a9d0c4b7f2000f was not found in eu-west-1, us-east-1/],
  ['a tag no VPC carries', 'tags: { mirroring: enabled }', 'tags: { mirroring: on }', 'staging-web', 2, /no VPC in eu-west-1, us-east-1 carries the tags mirroring=on/],
  ['a load balancer that does not exist', NLB, 'net/sensors/0123456789abcdee', 'prod', 9, /load balancer \S+0123456789abcdee of target sensor-nlb was not found in us-east-1/],
])('an entry that matches nothing: %s', (_name, from, to, entryKey, sessions, why) => {
  it('keeps its sessions as they are, and says what they cost and how to proceed', async () => {
    const plan = await jsonPlan(await policyWith(from, to));
    expect(sessionActions(plan)).toEqual([]);
    expect(emptyEntryMessages(plan)).toEqual([expect.stringMatching(new RegExp(`^vpcs entry ${entryKey} matches nothing: `))]);
    const [message] = emptyEntryMessages(plan);
    expect(message).toMatch(why);
    expect(message).toContain(`its ${sessions} sessions are kept as they are, about `);
    expect(message).toContain('pass --allow-empty-entries to delete them');
  });

  it('changes nothing on apply', async () => {
    const before = await sessionIds();
    const policy = await policyWith(from, to);
    const applied = await runCli(['apply', '--auto-approve', '--sandbox', account, '-c', policy]);
    expect(applied.exitCode).toBe(0);
    expect(await sessionIds()).toEqual(before);
  });
});

describe('an entry without a name, keyed by its VPC id', () => {
  it('keeps the sessions of the entry a mistyped id replaced, and says so', async () => {
    await copyFile(mirroredUnnamed, account);
    const policy = join(dir, 'policy.yaml');
    await writeFile(policy, (await readFile(DEMO_POLICY, 'utf8')).replace(`id: ${PROD_VPC}`, 'id: vpc-0e1a9d0c4b7f2000f'));
    const plan = await jsonPlan(policy);
    expect(sessionActions(plan)).toEqual([]);
    expect(emptyEntryMessages(plan)).toEqual([
      expect.stringContaining(
        `the 9 sessions of vpcs entry ${PROD_VPC}, which is no longer in the policy and may be this entry before its VPC id changed, are kept as they are`,
      ),
    ]);
  });
});

describe('--allow-empty-entries', () => {
  it('deletes the sessions of an entry that matches nothing, each saying why', async () => {
    const policy = await policyWith(`id: ${PROD_VPC}`, 'id: vpc-0e1a9d0c4b7f2000f');
    const plan = await jsonPlan(policy, '--allow-empty-entries');
    const deletes = sessionActions(plan).filter((item) => item.action === 'delete');
    expect(deletes).toHaveLength(9);
    for (const item of deletes) {
      expect(item.key).toMatch(/^session\/prod\//);
      expect(item.reason).toMatch(/^vpcs entry prod matches nothing: VPC vpc-0e1a9d0c4b7f2000f was not found in eu-west-1, us-east-1; deleted as --allow-empty-entries allows$/);
    }
  });

  it('is carried by a saved plan: apply FILE plans with it, and refuses a command line that differs', async () => {
    const policy = await policyWith(`id: ${PROD_VPC}`, 'id: vpc-0e1a9d0c4b7f2000f');
    const out = join(dir, 'plan.json');
    expect((await runCli(['plan', '--sandbox', account, '-c', policy, '--allow-empty-entries', '--out', out])).exitCode).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ options: { allowEmptyEntries: true } });
    const before = await sessionIds();

    const off = await runCli(['apply', out, '--sandbox', account, '--no-allow-empty-entries']);
    expect(off.exitCode).toBe(1);
    expect(off.stderr).toContain('the plan was made with --allow-empty-entries, this run turns it off');
    expect(await sessionIds()).toEqual(before);

    const applied = await runCli(['apply', out, '--sandbox', account]);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('0 added, 0 changed, 10 destroyed');
    expect(await sessionIds()).toHaveLength(before.length - 9);
  });

  it('cannot be added to a plan saved without it', async () => {
    const policy = await policyWith(`id: ${PROD_VPC}`, 'id: vpc-0e1a9d0c4b7f2000f');
    const out = join(dir, 'plan.json');
    expect((await runCli(['plan', '--sandbox', account, '-c', policy, '--out', out])).exitCode).toBe(0);
    const run = await runCli(['apply', out, '--sandbox', account, '--allow-empty-entries']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('the plan was made without --allow-empty-entries, this run passes it');
  });

  it('has no meaning for destroy, which deletes everything the policy owns anyway', async () => {
    const run = await runCli(['destroy', '--sandbox', account, '-c', named, '--allow-empty-entries']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('unknown option --allow-empty-entries');
  });
});
