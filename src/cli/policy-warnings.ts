/** Policy warnings (valid but suspicious) go to stderr before the plan, located like validation errors. */
import type { Diagnostic } from '../policy/load.js';
import type { CliContext } from './context.js';

export function reportPolicyWarnings(warnings: readonly Diagnostic[], { io, colors: c }: CliContext): void {
  for (const warning of warnings) {
    const start = warning.range?.start;
    const where = start === undefined ? warning.file : `${warning.file}:${start.line}:${start.column}`;
    io.stderr.write(`${c.bold(where)}: ${c.yellow(c.bold('warning'))}: ${warning.message}\n`);
  }
}
