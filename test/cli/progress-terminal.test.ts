/** Progress is redrawn in place only on a terminal that understands cursor control. */
import { describe, expect, it } from 'vitest';
import { canRedraw } from '../../src/cli/io.js';
import { runCli } from './run-cli.js';

const PLAN = ['plan', '--sandbox', 'examples/sandbox/demo-account.yaml', '-c', 'examples/sandbox/mirror.config.yaml'];
const CURSOR_CONTROL = /\r|\u001b\[/;

describe('progress on stderr', () => {
  it('redraws its line on a terminal', async () => {
    const run = await runCli(PLAN, { stderrIsTTY: true, env: {} });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(CURSOR_CONTROL);
  });

  it('writes plain lines with TERM=dumb, even on a terminal', async () => {
    const run = await runCli(PLAN, { stderrIsTTY: true, env: { TERM: 'dumb' } });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Discovered us-east-1');
    expect(run.stderr).not.toMatch(CURSOR_CONTROL);
  });

  it("follows stderr, not stdout: a plan piped to a file still shows live progress on the terminal", () => {
    expect(canRedraw(true, {})).toBe(true);
    expect(canRedraw(false, {})).toBe(false);
    expect(canRedraw(true, { TERM: 'dumb' })).toBe(false);
  });
});
