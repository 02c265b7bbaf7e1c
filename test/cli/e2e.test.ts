/** The real executable, as users run it: node bin/mirrorctl.js (built into dist/ by test/global-setup.ts). */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function mirrorctl(args: readonly string[], nodeOptions: readonly string[] = []) {
  const run = spawnSync(process.execPath, [...nodeOptions, 'bin/mirrorctl.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { exitCode: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('bin/mirrorctl.js', () => {
  it('validates the root policy and exits 0', () => {
    const run = mirrorctl(['validate']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^mirror\.config\.yaml: valid — policy prod-ndr: 2 regions, /);
  });

  it('exits 1 with located errors and no stack trace for an invalid policy', () => {
    const file = 'test/fixtures/policies/invalid/undefined-target.yaml';
    const run = mirrorctl(['validate', '--config', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}:15:13: error: target "sensor-nbl" is not defined under "targets"`);
    expect(run.stderr).toContain('hint: did you mean "sensor-nlb"?');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 on a bad flag', () => {
    const run = mirrorctl(['validate', '--nope']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error: unknown option --nope');
  });

  it('prints its version, the AWS SDK it loads and the date of the instance-type table', async () => {
    const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { version: string };
    const table = JSON.parse(readFileSync('src/core/support/supported-instance-types.json', 'utf8')) as { date: string };
    const expected =
      `mirrorctl ${manifest('package.json').version}\n` +
      `AWS SDK for JavaScript ${manifest('node_modules/@aws-sdk/client-ec2/package.json').version} (@aws-sdk/client-ec2)\n` +
      `supported instance types: AWS Traffic Mirroring user guide of ${table.date}\n` +
      `Node.js ${process.version}\n`;
    for (const argv of [['--version'], ['version']]) {
      const run = mirrorctl(argv);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(expected);
    }
    const json = mirrorctl(['version', '-f', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({
      mirrorctl: manifest('package.json').version,
      awsSdk: manifest('node_modules/@aws-sdk/client-ec2/package.json').version,
      instanceTypeTable: table.date,
      node: process.version,
    });
  });

  it('validates without ever loading the AWS SDK', () => {
    const guard = ['--import', './test/cli/block-aws-sdk.mjs'];
    expect(mirrorctl(['validate'], guard)).toMatchObject({ exitCode: 0, stderr: '' });
    expect(mirrorctl(['schema'], guard)).toMatchObject({ exitCode: 0, stderr: '' });
    // The guard itself works: loading the SDK under it fails.
    const probe = spawnSync(process.execPath, [...guard, '-e', "await import('@aws-sdk/client-ec2')"], { encoding: 'utf8' });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain('the AWS SDK was loaded');
  });
});
