/** Policy warnings (valid but suspicious) go to stderr before the plan, located like validation errors. */
import type { Diagnostic } from '../policy/load.js';
import type { CliContext } from './context.js';
import { diagnosticHeadline } from './format-diagnostics.js';

export function reportPolicyWarnings(warnings: readonly Diagnostic[], { io, colors: c }: CliContext): void {
  for (const warning of warnings) io.stderr.write(diagnosticHeadline(warning, c));
}
