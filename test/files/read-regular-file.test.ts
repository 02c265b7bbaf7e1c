import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFileProblem, formatSize, readRegularFile } from '../../src/files/read-regular-file.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mirrorctl-read-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const unix = process.platform !== 'win32';

describe('readRegularFile', () => {
  it('reads a regular file whole', async () => {
    const path = join(directory, 'a.txt');
    await writeFile(path, 'x'.repeat(200_000));
    const read = await readRegularFile(path, 1 << 20);
    expect('bytes' in read && read.bytes.length).toBe(200_000);
  });

  it('refuses a file larger than the cap by its size, before reading', async () => {
    const path = join(directory, 'sparse');
    await writeFile(path, '');
    await truncate(path, 65 << 20);
    expect(await readRegularFile(path, 64 << 20)).toEqual({ problem: { kind: 'too-large', limit: 64 << 20 } });
  });

  it.runIf(existsSync('/proc/self/status'))('stops reading at the cap when the size it was told is wrong', async () => {
    // /proc files report a size of 0 and hold more: like a file that grows while it is read.
    expect(await readRegularFile('/proc/self/status', 100)).toEqual({ problem: { kind: 'too-large', limit: 100 } });
  });

  it('refuses a directory', async () => {
    expect(await readRegularFile(directory, 1024)).toEqual({ problem: { kind: 'not-regular', what: 'a directory' } });
  });

  it.runIf(unix)('refuses /dev/zero at once', async () => {
    expect(await readRegularFile('/dev/zero', 1024)).toEqual({ problem: { kind: 'not-regular', what: 'a character device' } });
  });

  it.runIf(unix)('refuses a FIFO at once, without waiting for a writer', async () => {
    const fifo = join(directory, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await readRegularFile(fifo, 1024)).toEqual({ problem: { kind: 'not-regular', what: 'a named pipe (FIFO)' } });
  });

  it('reports a missing file as unreadable with its error', async () => {
    const read = await readRegularFile(join(directory, 'missing'), 1024);
    expect('problem' in read && read.problem.kind === 'unreadable' && (read.problem.error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('describing a refusal', () => {
  it('states the cap', () => {
    expect(describeFileProblem({ kind: 'too-large', limit: 1 << 20 }, String)).toBe('it is larger than the limit of 1 MiB');
    expect([formatSize(64 << 20), formatSize(512 << 10), formatSize(1000)]).toEqual(['64 MiB', '512 KiB', '1000 bytes']);
  });

  it('says what the file is instead', () => {
    expect(describeFileProblem({ kind: 'not-regular', what: 'a named pipe (FIFO)' }, String)).toBe(
      'it is a named pipe (FIFO), not a regular file',
    );
  });
});
