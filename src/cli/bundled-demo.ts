/**
 * The sandbox accounts bundled in examples/ must stay as committed, so the README's quick start keeps showing
 * the same plan: apply refuses to rewrite them, and every hint that leads to an apply points at a copy.
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The name the README and the hints give the copy; .gitignore ignores it at the repository root. */
export const DEMO_COPY = 'demo.yaml';

/** The path as the user would type it, when `sandboxPath` is inside the package's examples/; else undefined. */
export function bundledExample(sandboxPath: string): string | undefined {
  const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
  const path = resolve(sandboxPath);
  if (!path.startsWith(examples)) return undefined;
  return relative(process.cwd(), path) || path;
}

/** The shell command that makes the copy an apply can write. */
export const copyCommand = (shown: string): string => `cp ${shown} ${DEMO_COPY}`;
