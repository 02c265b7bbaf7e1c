/**
 * `apply PLANFILE` against copies of the demo account: a reviewed plan survives what does not change it,
 * and is refused, with nothing changed, when planning now would do anything else — including when the
 * plan file itself was edited.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PlanAction } from '../../src/core/types/plan.js';
import type { SavedPlan } from '../../src/planfile/types.js';
import { readSandboxFile, writeSandboxFile, type SandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';
const EAST = 'us-east-1';
const WEB_1 = 'i-0e1a9d0c4b7f21001';
const BASTION = 'i-0e1a9d0c4b7f21012';
const SECURITY_SUBNET = 'subnet-0e1a9d0c4b7f20301';
const FOREIGN_SESSION = 'tms-0e1a9d0c4b7f25001';

let dir: string;
let account: string;
let policy: string;
let planFile: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-saved-'));
  account = join(dir, 'account.yaml');
  policy = join(dir, 'mirror.config.yaml');
  planFile = join(dir, 'plan.json');
  await copyFile(DEMO, account);
  await copyFile(POLICY, policy);
  const planned = await runCli(['plan', '--sandbox', account, '-c', policy, '--out', planFile]);
  expect(planned.exitCode).toBe(0);
});

const applySaved = () => runCli(['apply', planFile, '--sandbox', account]);

async function editAccount(edit: (file: SandboxFile) => void): Promise<void> {
  const file = await readSandboxFile(account);
  edit(file);
  await writeSandboxFile(account, file);
}

async function editPlan(edit: (saved: SavedPlan) => SavedPlan): Promise<void> {
  await writeFile(planFile, JSON.stringify(edit(JSON.parse(await readFile(planFile, 'utf8')) as SavedPlan)));
}

const withActions = (saved: SavedPlan, actions: readonly PlanAction[]): SavedPlan => ({ ...saved, plan: { ...saved.plan, actions } });

async function expectRefusedUnchanged(...expected: string[]): Promise<void> {
  const before = await readFile(account, 'utf8');
  const run = await applySaved();
  expect(run.exitCode).toBe(1);
  expect(run.stderr).toContain('Saved plan is stale');
  for (const text of expected) expect(run.stderr).toContain(text);
  expect(run.stdout).not.toContain('Apply complete');
  expect(await readFile(account, 'utf8')).toBe(before);
}

async function expectAppliedAndConverged(): Promise<void> {
  const run = await applySaved();
  expect(run.stderr).not.toContain('error');
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toContain('Apply complete!');
  const again = await runCli(['plan', '--sandbox', account, '-c', policy, '--detailed-exitcode']);
  expect(again.exitCode).toBe(0);
}

describe('a saved plan survives what does not change it', () => {
  it('an instance launched in a VPC the policy does not tap, and an untapped instance stopped', async () => {
    await editAccount((file) => {
      const east = file.regions[EAST]!;
      east.instances = [
        ...(east.instances ?? []).map((instance) => (instance.id === BASTION ? { ...instance, state: 'stopped' as const } : instance)),
        {
          id: 'i-0e1a9d0c4b7f21099',
          type: 'm5.large',
          state: 'running',
          subnetId: SECURITY_SUBNET,
          tags: { Name: 'launched-after-review' },
          interfaces: [{ id: 'eni-0e1a9d0c4b7f22099', deviceIndex: 0 }],
        },
      ];
    });
    await expectAppliedAndConverged();
  });

  it('a comment added to the policy', async () => {
    await writeFile(policy, `${await readFile(policy, 'utf8')}\n# reviewed in PR #42\n`);
    await expectAppliedAndConverged();
  });
});

describe('a saved plan is refused, and nothing changed, when planning now would differ', () => {
  it('a sensor registered behind the policy NLB after the review is never tapped by the reviewed plan', async () => {
    await editAccount((file) => {
      const [group] = file.regions[EAST]!.targetGroups!;
      group!.targets = [...(group!.targets ?? []), { id: WEB_1 }];
    });
    await expectRefusedUnchanged(
      'Approved, but no longer planned (1):',
      `- create session session/vpc-0e1a9d0c4b7f20001/eni-0e1a9d0c4b7f22001 (${EAST})`,
      `${EAST}: 1 load balancer changed`,
    );
  });

  it('a policy edit that changes a filter rule shows the attribute that moved', async () => {
    const text = await readFile(policy, 'utf8');
    await writeFile(policy, text.replace('destinationPorts: 443, source', 'destinationPorts: 8443, source'));
    await expectRefusedUnchanged('Approved, but different now (1):', 'destinationPorts.from: 443 → 8443', 'the policy file changed');
  });

  it('the same plan file applied twice: the second time its creates are no longer planned', async () => {
    await expectAppliedAndConverged();
    await expectRefusedUnchanged('Approved, but no longer planned');
  });
});

describe('a hand-edited plan file is refused, because the plan computed now does not contain its actions', () => {
  const deleteForeign = (region: string): PlanAction => ({
    id: `${region}/session/legacy`,
    action: 'delete',
    type: 'session',
    key: 'session/legacy',
    region,
    resourceId: FOREIGN_SESSION,
    changes: [],
    reason: 'edited in',
    dependsOn: [],
  });

  it("a spliced delete of another tool's session", async () => {
    await editPlan((saved) => withActions(saved, [...saved.plan.actions, deleteForeign(EAST)]));
    await expectRefusedUnchanged(`- delete session session/legacy (${EAST}, ${FOREIGN_SESSION})`);
  });

  it("a delete in a region outside the policy", async () => {
    await editPlan((saved) => withActions(saved, [deleteForeign('ap-south-1')]));
    await expectRefusedUnchanged(`- delete session session/legacy (ap-south-1, ${FOREIGN_SESSION})`, 'Planned now, but not approved');
  });

  it("a renumbered session of another tool", async () => {
    const renumber: PlanAction = {
      ...deleteForeign(EAST),
      action: 'update',
      changes: [{ attribute: 'sessionNumber', before: 1, after: 3, forcesReplacement: false }],
    };
    await editPlan((saved) => withActions(saved, [...saved.plan.actions, renumber]));
    await expectRefusedUnchanged(`- update session session/legacy (${EAST}, ${FOREIGN_SESSION})`);
  });

  it('a plan body whose creates are tagged for another policy', async () => {
    await editPlan((saved) =>
      withActions(
        saved,
        saved.plan.actions.map((action) =>
          action.after === undefined
            ? action
            : { ...action, after: { ...action.after, tags: { ...action.after.tags, 'mirrorctl:policy': 'someone-else' } } },
        ),
      ),
    );
    await expectRefusedUnchanged('Approved, but different now', 'after.tags.mirrorctl:policy: "someone-else" → "demo-ndr"');
  });
});
