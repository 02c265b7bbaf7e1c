import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runCli } from './run-cli.js';

const ESC = '\u001b[';
const TYPO = 'test/fixtures/policies/invalid/unknown-key-typo.yaml';

describe('mirrorctl (global behaviour)', () => {
  it('keeps its exit codes', () => {
    expect(ExitCode).toEqual({ Ok: 0, Error: 1, ChangesPresent: 2 });
  });

  it('--help lists the commands, the global options and examples on stdout', async () => {
    const run = await runCli(['--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    for (const text of ['mirrorctl validate', 'mirrorctl schema', '--debug', '--color', '--version', 'Examples:', 'Exit codes']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('validate --help describes its options', async () => {
    const run = await runCli(['validate', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/-c, --config/);
    expect(run.stdout).toContain('mirror.config.yaml');
    expect(run.stdout).toMatch(/--format.*"text", "json"/);
  });

  it('--version starts with the package version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`mirrorctl ${version}`);
    expect(run.stderr).toBe('');
  });

  it('suggests the closest command for an unknown one', async () => {
    const run = await runCli(['valdate']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('mirrorctl: error: unknown command "valdate"\n  hint: did you mean "validate"?\n');
  });

  it('treats an unknown flag as a user error', async () => {
    const run = await runCli(['validate', '--bogus']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('mirrorctl: error: unknown option --bogus\n  hint: run "mirrorctl validate --help" for its options\n');
  });

  it.each([
    [['plan', '--sandbx', 'x.yaml'], 'unknown option --sandbx', 'did you mean --sandbox?'],
    [['plan', '--sandbox-laten', '3'], 'unknown option --sandbox-laten', 'did you mean --sandbox-latency?'],
    [['plan', '--no-colr'], 'unknown option --no-colr', 'did you mean --no-color?'],
    [['validate', '--formt', 'json'], 'unknown option --formt', 'did you mean --format?'],
    [['plan', '--regon', 'x', '--detailed-exitcod=true'], 'unknown options --regon, --detailed-exitcod', 'did you mean --region for --regon, --detailed-exitcode for --detailed-exitcod?'],
  ])('names an unknown option once, as typed, with the option meant: %j', async (argv, error, hint) => {
    const run = await runCli(argv);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`mirrorctl: error: ${error}\n`);
    expect(run.stderr).toContain(`hint: ${hint}`);
    expect(run.stderr).not.toMatch(/sandboxLaten|detailedExitcod/);
  });

  it('accepts -f for --format on every command that has a format', async () => {
    for (const command of ['plan', 'apply', 'destroy', 'show', 'validate']) {
      const run = await runCli([command, '--help']);
      expect(run.stdout, command).toMatch(/-f, --format/);
    }
  });

  it('asks for a command when given none', async () => {
    const run = await runCli([]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('mirrorctl: error: no command given');
  });

  it('rejects a --format it does not know', async () => {
    const run = await runCli(['validate', '--format', 'xml']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/error: invalid values:[\s\S]*"xml"/);
  });

  // The account and the policy do not exist: the flag is checked first, so nothing else is reported.
  const account = ['--sandbox', 'no-such-account.yaml', '-c', 'no-such-policy.yaml'];
  const neverWritten = join(tmpdir(), 'mirrorctl-never-written.yaml');
  it.each([
    [['apply', ...account, '--auto-approve', '--concurrency', '0'], '--concurrency must be a whole number of at least 1, not 0'],
    [['apply', ...account, '--auto-approve', '--concurrency', '2.5'], '--concurrency must be a whole number of at least 1, not 2.5'],
    [['apply', ...account, '--auto-approve', '--max-rate', 'abc'], '--max-rate must be a number above 0; the value given is not a number'],
    [['destroy', ...account, '--auto-approve', '--burst', '0'], '--burst must be a number of at least 1, not 0'],
    [['plan', ...account, '--max-attempts', '0'], '--max-attempts must be a whole number of at least 1, not 0'],
    [['plan', ...account, '--sandbox-fault-rate', '2'], '--sandbox-fault-rate must be a number from 0 to 1, not 2'],
    [['plan', ...account, '--sandbox-page-size', '0'], '--sandbox-page-size must be a whole number of at least 1, not 0'],
    [['discover', ...account, '--sandbox-throttle', '-1'], '--sandbox-throttle must be a number above 0, not -1'],
    [['sandbox', 'generate', '--out', neverWritten, '--regions', '20'], '--regions must be a whole number from 1 to 8, not 20'],
    [['sandbox', 'generate', '--out', neverWritten, '--instances', '-5'], '--instances must be a whole number of at least 0, not -5'],
  ])('refuses an out-of-range number before doing anything: %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`mirrorctl: error: ${message}\n  hint: run "mirrorctl --help" for usage\n`);
    expect(existsSync(neverWritten)).toBe(false);
  });
});

describe('the error boundary', () => {
  const brokenStdout = { write: () => { throw new Error('stdout is gone'); } };

  it('reports an unexpected failure as an internal error with a hint to use --debug', async () => {
    const run = await runCli(['validate', '-c', 'mirror.config.yaml'], { stdout: brokenStdout });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'mirrorctl: internal error: stdout is gone\n' +
        '  hint: this is a bug in mirrorctl; rerun with --debug to see the stack trace and report it\n',
    );
  });

  it('shows the stack with --debug', async () => {
    const run = await runCli(['validate', '-c', 'mirror.config.yaml', '--debug'], { stdout: brokenStdout });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('mirrorctl: internal error: stdout is gone\n');
    expect(run.stderr).toMatch(/^Error: stdout is gone\n\s+at /m);
  });
});

describe('colour', () => {
  it('is used on a terminal', async () => {
    const run = await runCli(['validate', '-c', TYPO], { isTTY: true });
    expect(run.stderr).toContain(ESC);
  });

  it('is never used when NO_COLOR is set', async () => {
    const run = await runCli(['validate', '-c', TYPO], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(run.stderr).not.toContain(ESC);
  });

  it('is turned off by --no-color and forced by --color', async () => {
    expect((await runCli(['validate', '-c', TYPO, '--no-color'], { isTTY: true })).stderr).not.toContain(ESC);
    expect((await runCli(['validate', '-c', TYPO, '--color'], { isTTY: false })).stderr).toContain(ESC);
  });

  it('is off when output is not a terminal', async () => {
    expect((await runCli(['validate', '-c', TYPO])).stderr).not.toContain(ESC);
  });
});
