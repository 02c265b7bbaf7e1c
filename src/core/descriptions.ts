/**
 * Descriptions mirrorctl writes on the resources it creates. Shared by the planner (which compares them to
 * detect drift) and the sandbox generator (which must produce accounts the planner sees as converged).
 * Target and filter descriptions cannot be changed in place by AWS, so these strings must stay stable.
 */
export const targetDescription = (policyName: string, targetName: string, explicit?: string): string =>
  explicit ?? `mirrorctl ${policyName} target ${targetName}`;

export const filterDescription = (policyName: string, filterName: string, explicit?: string): string =>
  explicit ?? `mirrorctl ${policyName} filter ${filterName}`;

export const sessionDescription = (policyName: string, entryKey: string): string =>
  `mirrorctl ${policyName} ${entryKey}`;
