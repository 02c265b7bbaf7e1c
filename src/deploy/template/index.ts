/** The healer's CloudFormation template and IAM policy, generated from the policy. Pure: no I/O. */
export { healerTemplate, healerSettingsOf, HANDLER, HANDLER_ENTRY, PARAMETERS, TEMPLATE_ROLE_PLACE, type HealerTemplate, type TemplateInput } from './template.js';
export { healerRolePolicy, type RolePlace } from './role-policy.js';
export { healerRules, HEALED_CALLS, HEALED_STATES, tagKeysOf, type EventPattern, type HealerRule } from './event-rules.js';
export type { FencedPolicyDocument, FenceStatement, PolicyDocument, PolicyStatement } from './iam.js';
export { stackSetHealerTemplate, stackSetNames, STACK_SET_PARAMETERS, MAX_BUCKET_PREFIX, type StackSetHealerTemplate } from './stackset-template.js';
export {
  memberRolePolicy,
  memberRoleTemplate,
  memberTrustPolicy,
  MEMBER_PARAMETERS,
  TEMPLATE_MEMBER_PLACE,
  type MemberPlace,
  type MemberRoleInput,
  type MemberRoleTemplate,
} from './member-role.js';
