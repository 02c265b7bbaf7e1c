/**
 * Every file in test/fixtures/policies/invalid/ declares the diagnostics it must produce, in its header
 * (`# expect: LINE:COL CODE MESSAGE-FRAGMENT[ … FRAGMENT]`, `# expect-warning: …`) or, for files that
 * cannot hold a comment, in a `<file>.expect` sidecar. The set must match exactly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DIR = 'test/fixtures/policies/invalid';

interface Expectation {
  readonly severity: 'error' | 'warning';
  readonly at: string;
  readonly code: string;
  readonly fragments: readonly string[];
}

function expectationsOf(file: string): Expectation[] {
  const sidecar = `${file}.expect`;
  const text = existsSync(sidecar) ? readFileSync(sidecar, 'utf8') : readFileSync(file, 'latin1');
  const raw = existsSync(sidecar) ? text : Buffer.from(text, 'latin1').toString('utf8');
  return [...raw.matchAll(/^# expect(-warning)?: (\S+) (\S+) (.*)$/gm)].map(([, warning, at, code, rest]) => ({
    severity: warning === undefined ? 'error' : 'warning',
    at: at ?? '',
    code: code ?? '',
    fragments: (rest ?? '').split(' … '),
  }));
}

interface JsonDiagnostic {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint?: string;
  range?: { start: { line: number; column: number } };
}

const fixtures = readdirSync(DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, file: `${DIR}/${name}`, expected: expectationsOf(`${DIR}/${name}`) }));

const at = (d: JsonDiagnostic) => (d.range === undefined ? '-' : `${d.range.start.line}:${d.range.start.column}`);

describe('invalid policies', () => {
  it('has a fixture for every kind of problem', () => {
    const codes = new Set(fixtures.flatMap((fixture) => fixture.expected.map((e) => e.code)));
    const required = [
      'yaml-syntax', 'duplicate-key', 'unknown-key', 'wrong-type', 'missing-key', 'invalid-value',
      'undefined-target', 'undefined-filter', 'invalid-id', 'invalid-arn', 'target-kind', 'region-mismatch',
      'invalid-cidr', 'cidr-host-bits', 'mixed-address-families', 'rule-number-range', 'duplicate-rule-number',
      'too-many-rules', 'ports-need-tcp-or-udp', 'invalid-ports', 'invalid-protocol', 'session-number-range',
      'packet-length-range', 'vni-range', 'empty-selector', 'selector-conflict', 'duplicate-entry-key',
      'empty-file', 'root-not-mapping', 'alias-limit', 'unresolved-alias', 'binary-input', 'invalid-encoding',
      'unknown-version', 'invalid-region', 'duplicate-region', 'region-not-in-policy', 'target-out-of-reach',
      'invalid-policy-name', 'invalid-name', 'invalid-instance-type', 'instance-support-conflict',
      'invalid-price', 'filter-without-rules', 'filter-without-egress', 'filter-without-ingress', 'no-regions',
      'invalid-tag', 'yaml-warning',
    ];
    expect(required.filter((code) => !codes.has(code))).toEqual([]);
    expect(fixtures.length).toBeGreaterThanOrEqual(35);
  });

  it.each(fixtures)('$name: reports exactly the expected diagnostics (--format json)', async ({ file, expected }) => {
    expect(expected.length).toBeGreaterThan(0);
    const run = await runCli(['validate', '--config', file, '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { valid: boolean; errorCount: number; diagnostics: JsonDiagnostic[] };
    expect(report.valid).toBe(false);
    expect(report.errorCount).toBe(expected.filter((e) => e.severity === 'error').length);
    const actual = report.diagnostics.map((d) => `${d.severity} ${at(d)} ${d.code}`);
    expect(actual).toEqual(expected.map((e) => `${e.severity} ${e.at} ${e.code}`));
    expected.forEach((expectation, index) => {
      const diagnostic = report.diagnostics[index];
      const text = `${diagnostic?.message ?? ''} ${diagnostic?.hint ?? ''}`;
      for (const fragment of expectation.fragments) expect(text).toContain(fragment);
    });
  });

  it.each(fixtures)('$name: prints located errors, source lines and counts (text)', async ({ file, expected }) => {
    const run = await runCli(['validate', '-c', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    for (const expectation of expected) {
      const where = expectation.at === '-' ? file : `${file}:${expectation.at}`;
      expect(run.stderr).toContain(`${where}: ${expectation.severity}: ${expectation.fragments[0]}`);
    }
    const errors = expected.filter((e) => e.severity === 'error').length;
    const warnings = expected.length - errors;
    expect(run.stderr.endsWith(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`)).toBe(true);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const located = expected.filter((e) => e.at !== '-').length;
    expect(run.stderr.match(/^ +\| +\^~*$/gm)?.length ?? 0).toBe(located);
  });
});
