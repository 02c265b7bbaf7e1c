import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/boundary.js';
import { colors } from '../../src/cli/colors.js';
import type { CliContext } from '../../src/cli/context.js';

function report(error: unknown): string {
  let stderr = '';
  const context: CliContext = {
    io: { stdout: { write: () => true }, stderr: { write: (text: string) => ((stderr += text), true) }, isTTY: false, stdinIsTTY: false, env: {} },
    colors: colors(false),
    debug: false,
    exitCode: 0,
  } as unknown as CliContext;
  expect(reportError(error, context)).toBe(1);
  return stderr;
}

describe('the error boundary', () => {
  it('reports an SDK network error that no read mapped as the endpoint failure it is, not as a bug', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { name: 'TimeoutError', code: 'ECONNRESET' });

    expect(report(reset)).toBe(
      'mirrorctl: error: The AWS endpoint closed the connection (ECONNRESET).\n' +
        '  hint: check that it serves the EC2 API over HTTPS on that port, and that no proxy or firewall cuts it\n',
    );
  });
});
