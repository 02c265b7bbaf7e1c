/**
 * `mirrorctl package`: the artifact the test run's global setup built with the real CLI for the demo policy
 * (test/global-setup.ts), and the packaged handler running, from nothing but the zip's contents, in a fresh
 * Node process on a simulated account.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { packageVersion } from '../../src/cli/version.js';
import { packageReadme } from '../../src/deploy/package/readme.js';
import { zipFiles } from '../../src/deploy/package/zip.js';
import { healerRolePolicy, healerTemplate, TEMPLATE_ROLE_PLACE } from '../../src/deploy/template/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from '../cli/run-cli.js';

const packaged = inject('lambdaPackage');
const file = (name: string) => readFileSync(join(packaged.dir, name));

/** Lambda's limit is 50 MB zipped; the budget for this one is 3 MB. */
const MAX_ZIP_BYTES = 3 * 1024 * 1024;

beforeAll(() => {
  if (packaged.error !== undefined) throw new Error(packaged.error);
});

describe('the artifact of the demo policy', () => {
  it('handler.zip holds the bundled handler and the validated policy file, byte for byte, in under 3 MB', () => {
    const zip = file('handler.zip');
    expect(zip.length).toBeLessThan(MAX_ZIP_BYTES);
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(['index.mjs', 'mirror.config.yaml']);
    expect(Buffer.from(entries['mirror.config.yaml'] ?? [])).toEqual(readFileSync(packaged.policy));
    const code = new TextDecoder().decode(entries['index.mjs']);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    // The SDK is inside, and the simulator is not: a deployed healer has no sandbox to reach.
    expect(code).toContain('ec2.amazonaws.com');
    for (const marker of ['mirrorctlSandboxMiddleware', 'The sandbox does not simulate', 'SANDBOX_CREDENTIALS', 'AKIASANDBOXEXAMPLE00']) {
      expect(code, marker).not.toContain(marker);
    }
  });

  it('template.json and iam-policy.json are the ones generated from the policy; README.md explains every statement', async () => {
    const { policy, hash } = await loadPolicyOrThrow(packaged.policy);
    expect(JSON.parse(file('template.json').toString())).toEqual(healerTemplate({ policy, policySha256: hash, mirrorctlVersion: packageVersion() }));
    const role = healerRolePolicy(policy, TEMPLATE_ROLE_PLACE);
    expect(JSON.parse(file('iam-policy.json').toString())).toEqual(role);
    const readme = file('README.md').toString();
    for (const statement of role.Statement) expect(readme).toContain(`(\`${statement.Sid}\`)`);
    expect(readme).toContain(hash);
    expect(readme).toContain('us-east-1, eu-west-1');
  });

  it("has words for every statement of every example policy's role", async () => {
    for (const file of ['examples/gwlb-endpoint.yaml', 'examples/shared-target.yaml', 'examples/whitelist.yaml', 'examples/single-vpc-nlb.yaml']) {
      const { policy, hash } = await loadPolicyOrThrow(file);
      const role = healerRolePolicy(policy, TEMPLATE_ROLE_PLACE);
      const readme = packageReadme({ policy, policyFile: file, policySha256: hash, mirrorctlVersion: '0', role, zipBytes: 1 });
      for (const statement of role.Statement) expect(readme, `${file}: ${statement.Sid}`).toContain(`(\`${statement.Sid}\`)`);
    }
  });

  it('zips the same files into the same bytes, so an unchanged bundle keeps its S3 key', () => {
    const files = { 'index.mjs': new TextEncoder().encode('export const handler = async () => ({});\n'), 'mirror.config.yaml': new TextEncoder().encode('version: 1\n') };
    const first = zipFiles(files);
    expect(Buffer.from(zipFiles({ 'mirror.config.yaml': files['mirror.config.yaml'], 'index.mjs': files['index.mjs'] }))).toEqual(Buffer.from(first));
  });
});

describe('the packaged handler runs with nothing but the zip', () => {
  it('heals a launch on a simulated account, in a fresh Node process, from the extracted zip alone', () => {
    // Outside the repository, so nothing but the zip's files can be imported from it.
    const root = mkdtempSync(join(tmpdir(), 'mirrorctl-task-root-'));
    const taskRoot = join(root, 'task');
    mkdirSync(taskRoot);
    for (const [name, bytes] of Object.entries(unzipSync(file('handler.zip')))) writeFileSync(join(taskRoot, name), bytes);
    const account = join(root, 'account.yaml');
    copyFileSync('examples/sandbox/demo-account.yaml', account);
    const run = spawnSync(process.execPath, [resolve('test/deploy/bundle/invoke.mjs'), resolve('examples/events/instance-running.json')], {
      cwd: taskRoot,
      encoding: 'utf8',
      // Only what the test sets: no AWS credentials or settings of the machine reach the function.
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: root,
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        MIRRORCTL_TEST_SANDBOX_MODULE: resolve('test/deploy/bundle/sandbox-module.mjs'),
        MIRRORCTL_TEST_SANDBOX_FILE: account,
      },
    });
    const lines = run.stdout.split('\n');
    const result = lines.find((line) => line.startsWith('INVOKE-'));
    expect(result, `${run.stdout}\n${run.stderr}`).toMatch(/^INVOKE-RESULT /);
    expect(JSON.parse(result?.slice('INVOKE-RESULT '.length) ?? '')).toMatchObject({ verdict: { verdict: 'healed' } });
    const logs = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.find((line) => line['message'] === 'decision')).toMatchObject({ service: 'mirrorctl-healer', decision: 'scope', instanceIds: ['i-0e1a9d0c4b7f21003'] });
    return readSandboxFile(account).then((after) => {
      const sessions = (after.regions['us-east-1']?.trafficMirrorSessions ?? []).filter((session) => session.tags?.['mirrorctl:policy'] === 'demo-ndr');
      expect(sessions.map((session) => session.networkInterfaceId).sort()).toEqual(['eni-0e1a9d0c4b7f22003', 'eni-0e1a9d0c4b7f22004']);
    });
  });
});

describe('mirrorctl package', () => {
  it('refuses an invalid policy with its located diagnostics, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorctl-package-invalid-'));
    const policy = join(dir, 'mirror.config.yaml');
    writeFileSync(policy, 'version: 1\nname: x\nregions: [us-east-1]\nhealer: { schedule: hourly }\n');
    const run = await runCli(['package', '--out', join(dir, 'out'), '-c', policy]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${policy}:4:21: error: "hourly" is not an EventBridge schedule expression`);
    expect(() => readFileSync(join(dir, 'out', 'handler.zip'))).toThrow();
  });
});
