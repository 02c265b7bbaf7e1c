/**
 * Which policy file a command uses when `-c` is not given: `MIRRORCTL_CONFIG`, else the nearest
 * `mirror.config.yaml` in the working directory or a parent (as git finds its repository from a subfolder).
 * A file found anywhere but `./mirror.config.yaml` is named on stderr, so a run never uses a policy silently.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Io } from './io.js';

export const DEFAULT_POLICY_FILE = 'mirror.config.yaml';

export type PolicyOrigin = 'flag' | 'env' | 'here' | 'parent' | 'none';

export interface FoundPolicy {
  readonly path: string;
  readonly origin: PolicyOrigin;
}

export function findPolicyFile(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  exists: (path: string) => boolean = existsSync,
): FoundPolicy {
  if (given !== undefined) return { path: given, origin: 'flag' };
  const fromEnv = env['MIRRORCTL_CONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') return { path: fromEnv, origin: 'env' };
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_POLICY_FILE);
    if (exists(candidate)) {
      return dir === cwd ? { path: DEFAULT_POLICY_FILE, origin: 'here' } : { path: relative(cwd, candidate), origin: 'parent' };
    }
    if (dirname(dir) === dir) break;
  }
  // Not found: the loader's "no such file" error names the default and says how mirrorctl looked.
  return { path: DEFAULT_POLICY_FILE, origin: 'none' };
}

/** The policy file for this run, announced on stderr when it was not the obvious one. */
export function policyFileFor(given: string | undefined, io: Pick<Io, 'env' | 'stderr'>): string {
  const found = findPolicyFile(given, io.env, process.cwd());
  if (found.origin === 'env') io.stderr.write(`Policy: ${found.path} (from MIRRORCTL_CONFIG)\n`);
  if (found.origin === 'parent') io.stderr.write(`Policy: ${found.path} (found in a parent directory)\n`);
  return found.path;
}
