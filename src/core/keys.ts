/** Logical keys: the stable identity of each resource mirrorctl manages, stored in the `mirrorctl:key` tag. */
export const targetKey = (targetName: string): string => `target/${targetName}`;
export const filterKey = (filterName: string): string => `filter/${filterName}`;
export const ruleKey = (filterName: string, direction: 'ingress' | 'egress', ruleNumber: number): string =>
  `filter/${filterName}/${direction}/${ruleNumber}`;
export const sessionKey = (entryKey: string, networkInterfaceId: string): string =>
  `session/${entryKey}/${networkInterfaceId}`;
