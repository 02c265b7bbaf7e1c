/**
 * `--strict`: every warning, the policy's and the plan's, is an error, for CI where a warning nobody reads (a
 * mistyped VPC id, a load balancer that is gone) would otherwise pass. The run stops before it saves or
 * applies anything and exits 1 through the error boundary, like any other error.
 */
import type { PlanRun } from '../app/plan.js';
import { UserError } from '../core/errors.js';
import type { PlanWarning } from '../core/types/plan.js';
import type { Diagnostic } from '../policy/diagnostic.js';

export interface StrictArgs {
  readonly strict: boolean;
}

export const strictOption = {
  type: 'boolean',
  default: false,
  describe: "Treat every warning (the policy's and the plan's) as an error: exit 1 before saving or applying anything (for CI)",
} as const;

/** A policy warning in the shape of a plan warning, for the JSON documents that list what --strict refused. */
export const asPlanWarning = (diagnostic: Diagnostic): PlanWarning => ({ code: diagnostic.code, message: diagnostic.message });

function policyLine(diagnostic: Diagnostic): string {
  const start = diagnostic.range?.start;
  const where = start === undefined ? diagnostic.file : `${diagnostic.file}:${start.line}:${start.column}`;
  return `${where}: ${diagnostic.message} [${diagnostic.code}]`;
}

const planLine = (warning: PlanWarning): string =>
  `${warning.message} [${warning.region === undefined ? warning.code : `${warning.code}, ${warning.region}`}]`;

/**
 * The error --strict raises for this run's warnings, or undefined when there are none (or no --strict).
 * `consequence` says what did not happen because of it, e.g. "nothing was applied".
 */
export function strictError(
  args: StrictArgs,
  run: Pick<PlanRun, 'policyWarnings'> & { readonly plan: Pick<PlanRun['plan'], 'warnings'> },
  consequence?: string,
): UserError | undefined {
  if (!args.strict) return undefined;
  const lines = [...run.policyWarnings.map(policyLine), ...run.plan.warnings.map(planLine)];
  if (lines.length === 0) return undefined;
  const count = lines.length === 1 ? '1 warning' : `${lines.length} warnings`;
  return new UserError(`--strict turned ${count} into errors:\n${lines.map((line) => `  - ${line}`).join('\n')}`, {
    hint: `${consequence === undefined ? '' : `${consequence}; `}fix what each warning says and run again (or drop --strict to accept them)`,
  });
}
