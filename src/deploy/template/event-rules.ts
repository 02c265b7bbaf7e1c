/**
 * The EventBridge rules of the healer's stack: exactly the events the handler acts on (src/events/trigger.ts),
 * each CloudTrail rule skipping failed calls (`detail.errorCode` absent), and the schedule of the full
 * reconcile. Patterns are plain data so tests can match them against the example events.
 */
import type { Policy } from '../../core/types/policy.js';
import { policyTagKeys } from '../../events/index.js';
import { API_CALL, STATE_CHANGE } from '../../events/schemas.js';

export type EventPattern = Readonly<Record<string, unknown>>;

export interface HealerRule {
  /** The rule's logical id in the template. */
  readonly logicalId: string;
  readonly description: string;
  readonly pattern?: EventPattern;
  readonly schedule?: string;
}

/**
 * A launch (`running`), a stop and a termination (whose detached interfaces may keep sessions). `pending`,
 * `stopping` and `shutting-down` come right before one of those and would only run the same work twice.
 */
export const HEALED_STATES = ['running', 'stopped', 'terminated'] as const;

/** CloudTrail calls the handler scopes a run to, or answers with a full reconcile. */
export const HEALED_CALLS = [
  'AttachNetworkInterface',
  'DetachNetworkInterface',
  'CreateTrafficMirrorSession',
  'ModifyTrafficMirrorSession',
  'DeleteTrafficMirrorSession',
  'DeleteTrafficMirrorTarget',
  'DeleteTrafficMirrorFilter',
  'DeleteTrafficMirrorFilterRule',
] as const;

const SUCCEEDED = { errorCode: [{ exists: false }] };
const FROM_EC2 = { source: ['aws.ec2'], 'detail-type': [API_CALL] };

/** The keys of instance and VPC tags the policy selects or excludes by: the only tag changes it reacts to. */
export function tagKeysOf(policy: Policy): string[] {
  const { instance, vpc } = policyTagKeys(policy);
  return [...new Set([...instance, ...vpc])].sort();
}

export function healerRules(policy: Policy, schedule: string): HealerRule[] {
  const tagKeys = tagKeysOf(policy);
  return [
    {
      logicalId: 'InstanceStateRule',
      description: `An instance of the region is ${HEALED_STATES.join(', ')}: heal its interfaces`,
      pattern: { source: ['aws.ec2'], 'detail-type': [STATE_CHANGE], detail: { state: [...HEALED_STATES] } },
    },
    {
      logicalId: 'InterfaceAndMirroringCallRule',
      description: 'Interfaces attached or detached, and traffic mirroring changed by anyone (CloudTrail)',
      pattern: { ...FROM_EC2, detail: { eventSource: ['ec2.amazonaws.com'], eventName: [...HEALED_CALLS], ...SUCCEEDED } },
    },
    ...(tagKeys.length === 0
      ? []
      : [
          {
            logicalId: 'PolicyTagCallRule',
            description: `Tags the policy selects by (${tagKeys.join(', ')}) added or removed (CloudTrail)`,
            pattern: {
              ...FROM_EC2,
              detail: {
                eventSource: ['ec2.amazonaws.com'],
                ...SUCCEEDED,
                $or: [
                  { eventName: ['CreateTags', 'DeleteTags'], requestParameters: { tagSet: { items: { key: tagKeys } } } },
                  // DeleteTags without a tag list removes every tag.
                  { eventName: ['DeleteTags'], requestParameters: { tagSet: { items: { key: [{ exists: false }] } } } },
                ],
              },
            },
          },
        ]),
    { logicalId: 'ReconcileSchedule', description: `The full reconcile of the region, ${schedule}`, schedule },
  ];
}
