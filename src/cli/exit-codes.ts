/** Exit codes are a contract with scripts and CI: never reuse or renumber them. */
export const ExitCode = {
  /** Success; for plan, also "no changes". */
  Ok: 0,
  /**
   * Any error: bad input, failed AWS call, internal bug; with `--strict`, any warning too (see strict.ts),
   * which wins over ChangesPresent: nothing was saved or applied.
   */
  Error: 1,
  /** Success with changes present (`plan --detailed-exitcode`). */
  ChangesPresent: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
