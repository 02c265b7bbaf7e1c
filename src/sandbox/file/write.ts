/**
 * Writing sandbox files atomically (temporary file in the same directory, then rename) as YAML for
 * .yaml/.yml paths and JSON otherwise. Small maps (tags, simple entries) are written in flow style.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Document, isScalar, visit } from 'yaml';
import { describeFileError, UserError } from '../../core/errors.js';
import type { SandboxFile } from './types.js';

const FLOW_MAP_MAX_ENTRIES = 6;

export function formatSandboxFile(path: string, file: SandboxFile): string {
  if (!/\.ya?ml$/i.test(path)) return `${JSON.stringify(file, null, 2)}\n`;
  const document = new Document(file);
  visit(document, {
    Map(_key, node) {
      // A map of a few scalars (tags, a subnet, an interface) reads best on one line.
      if (node.items.length <= FLOW_MAP_MAX_ENTRIES && node.items.every((pair) => isScalar(pair.value))) {
        node.flow = true;
      }
    },
  });
  return document.toString({ lineWidth: 120, flowCollectionPadding: true });
}

export async function writeSandboxFile(path: string, file: SandboxFile): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, formatSandboxFile(path, file), 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new UserError(`cannot write the sandbox file ${path}: ${describeFileError(error)}`, {
      hint: 'check that its directory exists and is writable',
      cause: error,
    });
  }
}
