/** What a filter rule matches and does, the same for policy, observed and desired rules. */
import type { DesiredRule } from '../types/plan.js';

export type RuleSettings = Pick<
  DesiredRule,
  'number' | 'action' | 'protocol' | 'source' | 'destination' | 'sourcePorts' | 'destinationPorts' | 'description'
>;

/** Unset settings stay absent rather than `undefined`, so plans and their JSON carry no empty keys. */
export function ruleSettings(rule: RuleSettings): RuleSettings {
  return {
    number: rule.number,
    action: rule.action,
    ...(rule.protocol === undefined ? {} : { protocol: rule.protocol }),
    source: rule.source,
    destination: rule.destination,
    ...(rule.sourcePorts === undefined ? {} : { sourcePorts: rule.sourcePorts }),
    ...(rule.destinationPorts === undefined ? {} : { destinationPorts: rule.destinationPorts }),
    ...(rule.description === undefined ? {} : { description: rule.description }),
  };
}
