import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mirrorctl-hostile-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function policyFile(text: string, name = 'policy.yaml'): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}

const policy = (target: string) =>
  ['version: 1', 'name: prod', 'regions: [us-east-1]', 'targets:', `  t: { networkInterfaceId: ${target} }`, 'vpcs: []', ''].join('\n');

/** Any byte a terminal would act on: C0 (but tab and the line breaks between lines), DEL, C1. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('control characters in a policy never reach the terminal raw', () => {
  it('validate escapes ESC and BEL in the message and the echoed line, and the caret still points at the value', async () => {
    const file = await policyFile(policy('"eni-\u001b]0;pwned\u0007\u001b[2J"'));
    const run = await runCli(['validate', '-c', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain(`${file}:5:28: error: "eni-\\x1b]0;pwned\\x07\\x1b[2J" is not a valid network interface id\n`);
    const [echoed, caret] = run.stderr.split('\n').slice(1, 3);
    expect(echoed).toBe(' 5 |   t: { networkInterfaceId: "eni-\\x1b]0;pwned\\x07\\x1b[2J" }');
    expect(caret).toBe(`   | ${' '.repeat(27)}^${'~'.repeat('"eni-\\x1b]0;pwned\\x07\\x1b[2J"'.length - 1)}`);
  });

  it('plan escapes them too, and C1 controls', async () => {
    const file = await policyFile(policy('"eni-\u009b31m\u007f"'));
    const run = await runCli(['plan', '--sandbox', 'examples/sandbox/demo-account.yaml', '-c', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('"eni-\\x9b31m\\x7f" is not a valid network interface id');
  });

  it('a control character outside any string is escaped where YAML rejects it', async () => {
    const file = await policyFile(policy('eni-\u001b[31mx'));
    const run = await runCli(['validate', '-c', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('eni-\\x1b[31mx');
  });
});

describe('a huge one-line value does not flood stderr', () => {
  it('validate cuts the echoed line around the caret and the value quoted in the message', async () => {
    const file = await policyFile(policy(`"eni-${'a'.repeat(1_000_000)}"`));
    const run = await runCli(['validate', '-c', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.length).toBeLessThan(2000);
    expect(run.stderr).toMatch(/^.*policy\.yaml:5:28: error: "eni-a+…" is not a valid network interface id\n 5 \| {3}t: \{ networkInterfaceId: "eni-a+…\n/);
  });

  it('the JSON report quotes the value cut short too', async () => {
    const file = await policyFile(policy(`"eni-${'a'.repeat(1_000_000)}"`));
    const run = await runCli(['validate', '-c', file, '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout.length).toBeLessThan(2000);
  });
});
