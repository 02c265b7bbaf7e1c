/**
 * Reading a user's file with limits: only a regular file is read (a FIFO would block forever, /dev/zero
 * would never end), and never more than a cap, checked before reading and again while reading, since the
 * size fstat gives can be wrong (/proc) or grow (a file still being written).
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

export type FileProblem =
  | { readonly kind: 'not-regular'; readonly what: string }
  | { readonly kind: 'too-large'; readonly limit: number }
  | { readonly kind: 'unreadable'; readonly error: unknown };

export type FileRead = { readonly bytes: Buffer } | { readonly problem: FileProblem };

const CHUNK = 1 << 16;
// Opening a FIFO for reading waits for a writer, unless non-blocking; Windows has no such flag (nor FIFOs).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export async function readRegularFile(path: string, limit: number): Promise<FileRead> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return { problem: { kind: 'unreadable', error } };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { problem: { kind: 'not-regular', what: kindOf(stats) } };
    if (stats.size > limit) return { problem: { kind: 'too-large', limit } };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) return { problem: { kind: 'too-large', limit } };
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { problem: { kind: 'unreadable', error } };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** "1 MiB", "64 MiB", "512 KiB": how the caps are stated in messages. */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}

/** Why the file was not read, to follow "cannot read FILE: ". */
export function describeFileProblem(problem: FileProblem, describeError: (error: unknown) => string): string {
  switch (problem.kind) {
    case 'not-regular':
      return problem.what === 'not a regular file' ? 'it is not a regular file' : `it is ${problem.what}, not a regular file`;
    case 'too-large':
      return `it is larger than the limit of ${formatSize(problem.limit)}`;
    case 'unreadable':
      return describeError(problem.error);
  }
}
