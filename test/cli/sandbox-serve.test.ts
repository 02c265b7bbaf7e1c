/**
 * `mirrorctl sandbox serve`: the real executable serves an account file over HTTP; mirrorctl itself (and the
 * AWS CLI, when installed) plans and applies against it through --endpoint-url as against AWS.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { isolateAwsEnvironment } from '../discover/helpers/aws-env.js';
import { runCli } from './run-cli.js';

const POLICY = 'examples/sandbox/mirror.config.yaml';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

isolateAwsEnvironment({ withCredentials: true });

type Server = ChildProcessByStdio<null, Readable, Readable>;

let dir: string;
let account: string;
let server: Server | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirrorctl-serve-'));
  account = join(dir, 'account.yaml');
  copyFileSync('examples/sandbox/demo-account.yaml', account);
});

afterEach(() => {
  server?.kill('SIGKILL');
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the server on a free port and resolves its URL, the first line it prints. */
function serve(...extra: string[]): Promise<string> {
  const child = spawn(process.execPath, ['bin/mirrorctl.js', 'sandbox', 'serve', '--port', '0', account, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  server = child;
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    child.on('exit', (code) => reject(new Error(`sandbox serve exited with ${code}: ${stderr}`)));
  });
}

function stop(child: Server): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve({ code, stderr }));
    child.kill('SIGTERM');
  });
}

describe('mirrorctl sandbox serve', () => {
  it('plans over HTTP exactly as in-process, applies, and writes the account back on SIGTERM with --save', async () => {
    const url = await serve('--save');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const overWire = await runCli(['plan', '--endpoint-url', url, '-c', POLICY, '--format', 'json']);
    const inProcess = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--format', 'json']);
    expect(overWire.exitCode).toBe(0);
    expect(overWire.stdout).toBe(inProcess.stdout);

    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const applied = await runCli(['apply', '--endpoint-url', url, '-c', POLICY, '--auto-approve', '--format', 'json']);
    process.off('warning', onWarning);
    expect(applied.exitCode).toBe(0);
    // Every call in flight listens on the apply's abort signal: over HTTP that is many listeners, on purpose.
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    const replanned = await runCli(['plan', '--endpoint-url', url, '-c', POLICY, '--detailed-exitcode']);
    expect(replanned.exitCode).toBe(0);

    const stopped = await stop(server as Server);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain(`SIGTERM: stopped; wrote the account to ${account}.`);
    const saved = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--detailed-exitcode']);
    expect(saved.exitCode).toBe(0);
    expect((await readSandboxFile(account)).regions['us-east-1']?.trafficMirrorSessions?.length).toBeGreaterThan(1);
  });

  it('leaves the file alone without --save', async () => {
    const before = await readSandboxFile(account);
    const url = await serve();
    expect((await runCli(['apply', '--endpoint-url', url, '-c', POLICY, '--auto-approve'])).exitCode).toBe(0);
    expect((await stop(server as Server)).code).toBe(0);
    expect(await readSandboxFile(account)).toEqual(before);
  });

  const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  it.skipIf(awsCli.status !== 0)('answers the AWS CLI, which parses every answer with its own (botocore) parser', async () => {
    const url = await serve();
    const aws = (...args: string[]) => {
      const run = spawnSync('aws', [...args, '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, ...CREDENTIALS, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' },
      });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as Record<string, unknown[]>;
    };
    const file = await readSandboxFile(account);
    const region = file.regions['us-east-1'];
    const instances = aws('ec2', 'describe-instances', '--page-size', '5').Reservations?.flatMap((r) => (r as { Instances: { InstanceId: string }[] }).Instances);
    expect(instances?.map((i) => i.InstanceId).sort()).toEqual((region?.instances ?? []).map((i) => i.id).sort());
    expect(aws('ec2', 'describe-traffic-mirror-sessions').TrafficMirrorSessions).toHaveLength(region?.trafficMirrorSessions?.length ?? 0);
    expect(aws('ec2', 'describe-network-interfaces', '--filters', 'Name=requester-managed,Values=true').NetworkInterfaces?.length).toBeGreaterThan(0);
    const arn = region?.loadBalancers?.[0]?.arn ?? '';
    expect(aws('elbv2', 'describe-listeners', '--load-balancer-arn', arn).Listeners?.length).toBeGreaterThan(0);
    expect(aws('sts', 'get-caller-identity')).toMatchObject({ Account: file.accountId });
  });
});
