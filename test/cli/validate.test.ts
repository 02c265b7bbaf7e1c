import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const TASK_EXAMPLE = 'test/fixtures/policies/valid/task-example.yaml';
const TYPO = 'test/fixtures/policies/invalid/unknown-key-typo.yaml';

describe('mirrorctl validate: valid policies', () => {
  const policies = ['mirror.config.yaml', ...readdirSync('examples').filter((f) => f.endsWith('.yaml')).map((f) => `examples/${f}`)];

  it('covers the root policy and the six documented examples', () => {
    expect(policies).toEqual(
      expect.arrayContaining([
        'mirror.config.yaml',
        'examples/single-vpc-nlb.yaml',
        'examples/tagged-vpcs-multi-region.yaml',
        'examples/whitelist.yaml',
        'examples/web-only-filter.yaml',
        'examples/gwlb-endpoint.yaml',
        'examples/shared-target.yaml',
      ]),
    );
  });

  it.each(policies)('%s is valid, without warnings', async (file) => {
    const run = await runCli(['validate', '--config', file]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}: valid — policy [^\\n]+\\.\\n$`));
  });

  it('the root policy points editors at the committed schema', async () => {
    const { readFile } = await import('node:fs/promises');
    const firstLine = (await readFile('mirror.config.yaml', 'utf8')).split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=./schema/mirror.config.schema.json');
  });

  it('summarises the policy on stdout and prints warnings on stderr', async () => {
    const run = await runCli(['validate', '-c', TASK_EXAMPLE]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `${TASK_EXAMPLE}: valid — policy prod-ndr: 2 regions, 2 targets, 2 filters (6 rules), 2 VPC entries, 2 excluded instances.\n`,
    );
    expect(run.stderr).toBe(
      [
        `${TASK_EXAMPLE}:24:3: warning: filter "web-only" has no egress rules: outbound traffic is not mirrored`,
        ' 24 |   web-only:',
        '    |   ^~~~~~~~',
        '  hint: add egress rules if you want outbound traffic too',
        '',
      ].join('\n'),
    );
  });

  it('reads ./mirror.config.yaml by default', async () => {
    const run = await runCli(['validate']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^mirror\.config\.yaml: valid — policy prod-ndr: /);
  });
});

describe('mirrorctl validate: invalid policies', () => {
  it('shows the source line with a caret under the problem, then the hint and the counts', async () => {
    const run = await runCli(['validate', '-c', TYPO]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      [
        `${TYPO}:16:5: error: unknown key "packetLenght" in vpcs[0]`,
        ' 16 |     packetLenght: 128',
        '    |     ^~~~~~~~~~~~',
        '  hint: did you mean "packetLength"?',
        '1 error, 0 warnings.',
        '',
      ].join('\n'),
    );
  });

  it('reports a missing file without a location', async () => {
    const run = await runCli(['validate', '-c', 'test/fixtures/policies/no-such-file.yaml']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'test/fixtures/policies/no-such-file.yaml: error: cannot read test/fixtures/policies/no-such-file.yaml: no such file\n',
    );
    expect(run.stderr).toMatch(/hint: .*--config/);
  });

  it('reports a directory given as the policy file', async () => {
    const run = await runCli(['validate', '-c', 'examples', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; range?: unknown }[] };
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'file-unreadable', file: 'examples' })]);
    expect(report.diagnostics[0]?.range).toBeUndefined();
  });
});

describe('mirrorctl validate --format json', () => {
  it('prints only the report on stdout, with ranges, for a valid policy with a warning', async () => {
    const run = await runCli(['validate', '-c', TASK_EXAMPLE, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      formatVersion: 1,
      valid: true,
      errorCount: 0,
      warningCount: 1,
      diagnostics: [
        {
          severity: 'warning',
          code: 'filter-without-egress',
          message: 'filter "web-only" has no egress rules: outbound traffic is not mirrored',
          hint: 'add egress rules if you want outbound traffic too',
          file: TASK_EXAMPLE,
          range: {
            start: { line: 24, column: 3, offset: expect.any(Number) },
            end: { line: 24, column: 11, offset: expect.any(Number) },
          },
        },
      ],
    });
  });

  it('reports errors with exit 1 and nothing on stderr', async () => {
    const run = await runCli(['validate', '-c', TYPO, '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ formatVersion: 1, valid: false, errorCount: 1, warningCount: 0 });
  });

  it('reports a missing file as a diagnostic', async () => {
    const run = await runCli(['validate', '-c', 'missing.yaml', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      formatVersion: 1,
      valid: false,
      errorCount: 1,
      warningCount: 0,
      diagnostics: [expect.objectContaining({ severity: 'error', code: 'file-not-found', file: 'missing.yaml' })],
    });
  });
});
