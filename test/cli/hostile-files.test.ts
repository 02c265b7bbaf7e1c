/** Files that are not what they claim: devices, pipes, directories, huge, not UTF-8, alias bombs. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const DEMO_POLICY = 'examples/sandbox/mirror.config.yaml';
const unix = process.platform !== 'win32';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mirrorctl-files-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function fifo(name: string): string {
  const path = join(directory, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Fails the test rather than hang it: the point of these inputs is that they used to block or never end. */
const QUICK = 20_000;

describe('a policy that is not a regular file is refused before reading', () => {
  it.runIf(unix)('-c /dev/zero exits 1 at once with a located message', { timeout: QUICK }, async () => {
    const run = await runCli(['validate', '-c', '/dev/zero']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^\/dev\/zero: error: cannot read \/dev\/zero: it is a character device, not a regular file\n/);
  });

  it.runIf(unix)('-c FIFO exits 1 at once, without waiting for a writer', { timeout: QUICK }, async () => {
    const path = fifo('policy.yaml');
    const run = await runCli(['plan', '--sandbox', DEMO, '-c', path]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${path}: error: cannot read ${path}: it is a named pipe (FIFO), not a regular file\n`);
  });

  it('-c DIRECTORY says it is a directory and what to give instead', async () => {
    const run = await runCli(['validate', '-c', directory]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${directory}: error: cannot read ${directory}: it is a directory, not a regular file\n`);
    expect(run.stderr).toContain('hint: point --config at the policy file inside it');
  });

  it('a policy over 1 MiB is refused, stating the cap', async () => {
    const path = join(directory, 'big.yaml');
    await writeFile(path, `version: 1\n# ${'x'.repeat(1 << 20)}\n`);
    const run = await runCli(['validate', '-c', path, '--format', 'json']);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] };
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ code: 'file-too-large', message: `cannot read ${path}: it is larger than the limit of 1 MiB` }),
    ]);
  });
});

describe('sandbox files', () => {
  it.runIf(unix)('a FIFO is refused at once', { timeout: QUICK }, async () => {
    const path = fifo('account.yaml');
    const run = await runCli(['plan', '--sandbox', path, '-c', DEMO_POLICY]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error: cannot read the sandbox file ${path}: it is a named pipe (FIFO), not a regular file\n`);
  });

  it('a file over 64 MiB is refused unread, stating the cap', async () => {
    const path = join(directory, 'huge.json');
    await writeFile(path, '');
    await truncate(path, (64 << 20) + 1);
    const run = await runCli(['plan', '--sandbox', path, '-c', DEMO_POLICY]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`cannot read the sandbox file ${path}: it is larger than the limit of 64 MiB\n`);
  });

  it('a Latin-1 file is refused with a located error, and left as it was', async () => {
    const path = join(directory, 'latin1.yaml');
    const text = (await readFile(DEMO, 'utf8')).replace(/^accountId: .*$/m, (line) => `${line}\n# Café de la Gare`);
    const bytes = Buffer.from(text, 'latin1');
    await writeFile(path, bytes);
    const line = text.split('\n').findIndex((l) => l.startsWith('# Café')) + 1;
    const run = await runCli(['apply', '--auto-approve', '--sandbox', path, '-c', DEMO_POLICY]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${path}:${line}:6: error: Invalid sandbox file ${path}:\n  ${path}:${line}:6: the file is not valid UTF-8\n`);
    expect(run.stderr).toContain('hint: save the sandbox file as UTF-8');
    expect(await readFile(path)).toEqual(bytes);
  });

  it('an alias bomb is a located user error, not an internal error', async () => {
    const path = join(directory, 'bomb.yaml');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    await writeFile(path, `${await readFile(DEMO, 'utf8')}\n${bomb}\n`);
    const run = await runCli(['plan', '--sandbox', path, '-c', DEMO_POLICY]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toMatch(new RegExp(`${path}:\\d+:8: the aliases in this file expand beyond the limit of 100\\n`));
    expect(run.stderr).toContain('hint: this looks like a "billion laughs" document');
  });

  it('control characters in a sandbox file are escaped in its errors', async () => {
    const path = join(directory, 'esc.yaml');
    await writeFile(path, `${await readFile(DEMO, 'utf8')}\n"evil\u001b]0;x\u0007": 1\n`);
    const run = await runCli(['plan', '--sandbox', path, '-c', DEMO_POLICY]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('unknown key "evil\\x1b]0;x\\x07"');
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('saved plan files', () => {
  it.runIf(unix)('a FIFO is refused at once', { timeout: QUICK }, async () => {
    const path = fifo('plan.json');
    const run = await runCli(['show', path]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error: Cannot read plan file ${path}: it is a named pipe (FIFO), not a regular file\n`);
  });

  it('a file over 64 MiB is refused unread, stating the cap', async () => {
    const path = join(directory, 'plan.json');
    await writeFile(path, '');
    await truncate(path, (64 << 20) + 1);
    const run = await runCli(['show', path]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`Cannot read plan file ${path}: it is larger than the limit of 64 MiB\n`);
  });
});
