/** `mirrorctl heal --event`: the README's replay of a launch on a copy of the demo account, through the real CLI. */
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';
const RUNNING = 'examples/events/instance-running.json';

let account: string;

beforeEach(async () => {
  account = join(await mkdtemp(join(tmpdir(), 'mirrorctl-heal-')), 'account.yaml');
  await copyFile(DEMO, account);
});

const heal = (event: string, io = {}) => runCli(['heal', '--event', event, '--sandbox', account, '-c', POLICY], io);
const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('mirrorctl heal', () => {
  it("taps the launched instance's interfaces, prints one JSON line per decision and action, and saves the account", async () => {
    const run = await heal(RUNNING);
    expect(run.exitCode).toBe(0);
    const printed = lines(run.stdout);
    expect(printed[0]).toMatchObject({ level: 'INFO', message: 'decision', decision: 'scope', instanceIds: ['i-0e1a9d0c4b7f21003'] });
    expect(printed.filter((line) => line['message'] === 'action' && line['resourceType'] === 'session').map((line) => line['networkInterfaceId'])).toEqual([
      'eni-0e1a9d0c4b7f22003',
      'eni-0e1a9d0c4b7f22004',
    ]);
    expect(printed.at(-1)).toMatchObject({ message: 'verdict', verdict: 'healed' });
    const saved = await readSandboxFile(account);
    const owned = saved.regions['us-east-1']?.trafficMirrorSessions?.filter((session) => session.tags?.['mirrorctl:policy'] === 'demo-ndr');
    expect(owned?.map((session) => session.networkInterfaceId)).toEqual([
      'eni-0e1a9d0c4b7f22003',
      'eni-0e1a9d0c4b7f22004',
    ]);
    // Replayed, the same event has nothing left to do.
    expect(lines((await heal(RUNNING)).stdout).at(-1)).toMatchObject({ verdict: 'healed', reason: 'nothing to change' });
  });

  it('reads the event from standard input, an SQS batch included', async () => {
    const batch = await readFile('examples/events/sqs-fifo-batch.json', 'utf8');
    const run = await heal('-', { stdin: Readable.from([batch]) });
    expect(run.exitCode).toBe(0);
    expect(lines(run.stdout).filter((line) => line['message'] === 'verdict').map((line) => line['verdict'])).toEqual(['healed', 'healed']);
  });

  it('exits 1 when an item failed or would be delivered again', async () => {
    expect((await heal('examples/events/instance-stopped.json')).exitCode).toBe(0);
    const missing = join(await mkdtemp(join(tmpdir(), 'mirrorctl-event-')), 'event.json');
    const event = JSON.parse(await readFile(RUNNING, 'utf8')) as Record<string, any>;
    event['time'] = new Date().toISOString();
    event['detail']['instance-id'] = 'i-0e1a9d0c4b7f2ffff';
    await import('node:fs/promises').then((fs) => fs.writeFile(missing, JSON.stringify(event)));
    const retry = await heal(missing);
    expect(retry.exitCode).toBe(1);
    expect(lines(retry.stdout).at(-1)).toMatchObject({ level: 'WARN', verdict: 'retry' });
  });

  it('refuses an event that is not JSON, and the bundled demo account', async () => {
    const bad = await heal('-', { stdin: Readable.from(['{ nope']) });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/standard input is not JSON/);
    const demo = await runCli(['heal', '--event', RUNNING, '--sandbox', DEMO, '-c', POLICY]);
    expect(demo.exitCode).toBe(1);
    expect(demo.stderr).toMatch(/bundled example account/);
  });
});
