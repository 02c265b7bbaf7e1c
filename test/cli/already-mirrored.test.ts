/**
 * The demo account's legacy tool mirrors stg-web-2 (eni-…22017) to sensor-3 (eni-…22023). A policy whose
 * sensor-eni target is sensor-3 meets that session: by default the interface is skipped and the plan says why,
 * what it would cost and how to change it; `alreadyMirrored: add` on the entry adds the session anyway.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';
const SENSOR_ENI_TARGET = 'sensor-eni: { trafficMirrorTargetId: tmt-0e1a9d0c4b7f23001 }';
const SENSOR_3 = 'eni-0e1a9d0c4b7f22023';
const STG_WEB_2 = 'eni-0e1a9d0c4b7f22017';
const LEGACY_SESSION = 'tms-0e1a9d0c4b7f25001';
const WEB_ENTRY = "- { tags: { mirroring: enabled }, target: sensor-eni, filter: web-only, interfaces: primary, instances: { tags: { tier: web } } }";

interface JsonPlan {
  actions: { action: string; key: string }[];
  skipped: { networkInterfaceId: string; reason: string; detail: string }[];
  warnings: { code: string; region?: string; message: string }[];
}

let dir: string;
let account: string;
let policy: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-already-'));
  account = join(dir, 'account.yaml');
  policy = join(dir, 'mirror.config.yaml');
  await copyFile(DEMO, account);
});

/** The demo policy with sensor-eni on sensor-3's interface (the legacy tool's target is there), and `option` added to the web entry. */
async function writePolicy(option?: string): Promise<void> {
  const text = await readFile(POLICY, 'utf8');
  expect(text).toContain(SENSOR_ENI_TARGET);
  expect(text).toContain(WEB_ENTRY);
  const entry = option === undefined ? WEB_ENTRY : `${WEB_ENTRY.slice(0, -2)}, ${option} }`;
  await writeFile(policy, text.replace(SENSOR_ENI_TARGET, `sensor-eni: { networkInterfaceId: ${SENSOR_3} }`).replace(WEB_ENTRY, entry));
}

const planJson = async (): Promise<JsonPlan> => {
  const run = await runCli(['plan', '--sandbox', account, '-c', policy, '--format', 'json']);
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as JsonPlan;
};

const webSession = `session/tags:mirroring=enabled/${STG_WEB_2}`;

it('skips an interface another tool already mirrors to the same sensor, and says so in every format', async () => {
  await writePolicy();
  const json = await planJson();
  expect(json.actions.map((item) => item.key)).not.toContain(webSession);
  expect(json.skipped.filter((item) => item.reason === 'already-mirrored')).toEqual([
    expect.objectContaining({ networkInterfaceId: STG_WEB_2, detail: expect.stringContaining(`by ${LEGACY_SESSION} (made by another tool)`) }),
  ]);
  expect(json.warnings.filter((item) => item.code.startsWith('already-mirrored'))).toEqual([
    {
      code: 'already-mirrored',
      region: 'us-east-1',
      message: expect.stringContaining(`1 interface (${STG_WEB_2}) already has a mirror session made by another tool to the destination of target sensor-eni`),
    },
  ]);
  expect(json.warnings.find((item) => item.code === 'already-mirrored')?.message).toContain('$10.95/month');

  const text = await runCli(['plan', '--sandbox', account, '-c', policy]);
  expect(text.stdout).toContain('  already-mirrored: 1\n');
  expect(text.stdout).toMatch(/Warning: vpcs entry tags:mirroring=enabled: 1 interface .* set alreadyMirrored: add on the entry to add them anyway \[already-mirrored, us-east-1\]/);

  const markdown = await runCli(['plan', '--sandbox', account, '-c', policy, '--format', 'markdown']);
  expect(markdown.stdout).toContain('| `already-mirrored` | 1 |');
  expect(markdown.stdout).toContain('- **already-mirrored** (`us-east-1`): vpcs entry tags:mirroring=enabled: 1 interface');
});

it('adds the session anyway with alreadyMirrored: add on the entry, warns with the cost, and then converges', async () => {
  await writePolicy('alreadyMirrored: add');
  const json = await planJson();
  expect(json.actions).toContainEqual(expect.objectContaining({ action: 'create', key: webSession }));
  expect(json.skipped.filter((item) => item.reason === 'already-mirrored')).toEqual([]);
  expect(json.warnings.filter((item) => item.code.startsWith('already-mirrored'))).toEqual([
    expect.objectContaining({
      code: 'already-mirrored-session-added',
      message: expect.stringContaining(`1 interface (${STG_WEB_2}) gets a session to target sensor-eni next to a mirror session made by another tool (alreadyMirrored: add): +$10.95/month`),
    }),
  ]);

  expect((await runCli(['apply', '--sandbox', account, '-c', policy, '--auto-approve'])).exitCode).toBe(0);
  const sessions = Object.values((await readSandboxFile(account)).regions).flatMap((region) => region.trafficMirrorSessions ?? []);
  expect(sessions.filter((item) => item.networkInterfaceId === STG_WEB_2).map((item) => item.id)).toHaveLength(2);
  const again = await planJson();
  expect(again.actions).toEqual([]);
  expect(again.warnings.filter((item) => item.code.startsWith('already-mirrored'))).toEqual([]);
});
