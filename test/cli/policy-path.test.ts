/** Without -c: MIRRORCTL_CONFIG, else the nearest mirror.config.yaml here or in a parent directory, named on stderr. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPolicyFile } from '../../src/cli/policy-path.js';

const BIN = resolve('bin/mirrorctl.js');
const POLICY = resolve('examples/sandbox/mirror.config.yaml');

function mirrorctl(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env, MIRRORCTL_CONFIG: env['MIRRORCTL_CONFIG'] ?? '' } });
  return { exitCode: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** root/mirror.config.yaml and an empty root/a/b. */
function tree(): { root: string; deep: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mirrorctl-policy-path-')));
  const deep = join(root, 'a', 'b');
  mkdirSync(deep, { recursive: true });
  copyFileSync(POLICY, join(root, 'mirror.config.yaml'));
  return { root, deep };
}

describe('findPolicyFile', () => {
  const at = (...files: string[]) => (path: string) => files.includes(path);

  it('takes -c as given, then MIRRORCTL_CONFIG, then the nearest file upwards', () => {
    expect(findPolicyFile('p.yaml', { MIRRORCTL_CONFIG: 'e.yaml' }, '/r/a', at())).toEqual({ path: 'p.yaml', origin: 'flag' });
    expect(findPolicyFile(undefined, { MIRRORCTL_CONFIG: 'e.yaml' }, '/r/a', at('/r/a/mirror.config.yaml'))).toEqual({ path: 'e.yaml', origin: 'env' });
    expect(findPolicyFile(undefined, {}, '/r/a', at('/r/a/mirror.config.yaml', '/r/mirror.config.yaml'))).toEqual({ path: 'mirror.config.yaml', origin: 'here' });
    expect(findPolicyFile(undefined, {}, '/r/a/b', at('/r/mirror.config.yaml', '/mirror.config.yaml'))).toEqual({ path: '../../mirror.config.yaml', origin: 'parent' });
    expect(findPolicyFile(undefined, { MIRRORCTL_CONFIG: '' }, '/r/a', at())).toEqual({ path: 'mirror.config.yaml', origin: 'none' });
  });
});

describe('mirrorctl without -c', () => {
  it('uses the policy of a parent directory and says so', () => {
    const { deep } = tree();
    const run = mirrorctl(['validate'], deep);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('Policy: ../../mirror.config.yaml (found in a parent directory)\n');
    expect(run.stdout).toMatch(/^\.\.\/\.\.\/mirror\.config\.yaml: valid/);
  });

  it('plans with it too', () => {
    const { deep } = tree();
    const run = mirrorctl(['plan', '--sandbox', resolve('examples/sandbox/demo-account.yaml')], deep);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Policy: ../../mirror.config.yaml (found in a parent directory)');
    expect(run.stdout).toMatch(/Plan: \d+ to add/);
  });

  it('prefers MIRRORCTL_CONFIG, and names it', () => {
    const { root, deep } = tree();
    const run = mirrorctl(['validate'], deep, { MIRRORCTL_CONFIG: POLICY });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(`Policy: ${POLICY} (from MIRRORCTL_CONFIG)\n`);
    expect(run.stdout).not.toContain(root);
  });

  it('says where it looked when there is none', () => {
    const empty = realpathSync(mkdtempSync(join(tmpdir(), 'mirrorctl-no-policy-')));
    const run = mirrorctl(['validate'], empty);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('cannot read mirror.config.yaml: no such file');
    expect(run.stderr).toContain('MIRRORCTL_CONFIG');
    expect(run.stderr).toContain('a parent');
  });
});
