/** Logical keys: the stable identity of each resource mirrorctl manages, stored in the `mirrorctl:key` tag. */
export const targetKey = (targetName: string): string => `target/${targetName}`;
export const filterKey = (filterName: string): string => `filter/${filterName}`;
export const ruleKey = (filterName: string, direction: 'ingress' | 'egress', ruleNumber: number): string =>
  `filter/${filterName}/${direction}/${ruleNumber}`;
export const sessionKey = (entryKey: string, networkInterfaceId: string): string =>
  `session/${entryKey}/${networkInterfaceId}`;

/** The parts of a managed load balancer target, each keyed by the target's name. */
export const loadBalancerKey = (targetName: string): string => `load-balancer/${targetName}`;
export const targetGroupKey = (targetName: string): string => `target-group/${targetName}`;
export const listenerKey = (targetName: string): string => `listener/${targetName}`;
export const registrationKey = (targetName: string, sensorId: string): string => `target-registration/${targetName}/${sensorId}`;
/** A member of an interface pool is a target of its own, one per interface. */
export const poolMemberKey = (targetName: string, networkInterfaceId: string): string => `target/${targetName}/${networkInterfaceId}`;

/** ELBv2 gives a registration no id: the plan names it by its group and target. */
export const registrationId = (targetGroupArn: string, targetId: string): string => `${targetGroupArn}|${targetId}`;
export function parseRegistrationId(id: string): { readonly targetGroupArn: string; readonly targetId: string } {
  const bar = id.lastIndexOf('|');
  return { targetGroupArn: id.slice(0, bar), targetId: id.slice(bar + 1) };
}
