/**
 * Plain-words explanations of why an action failed and what to do, keyed by AWS's error code (or mirrorctl's
 * own codes for failures that never reach AWS).
 */
import { isAuthCode, isThrottlingCode } from './classify.js';

// A re-run makes a new plan: it discovers, by their ownership tags, the resources this run already made, and
// what it still creates carries the same content-derived client tokens, so AWS answers with the same resource.
const RERUN = 're-run `mirrorctl apply`: it plans from what now exists, so what this run created is not created again';

/** How to get working credentials again, for whichever way they were obtained. */
export const REFRESH_CREDENTIALS =
  '`aws sso login`, re-export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, or re-assume the role';

// For every code the SDK counts as throttling (RequestLimitExceeded, Throttling…), not only EC2's usual one.
const THROTTLED =
  "EC2's API rate limit for this account and region stayed exhausted although this apply paced itself and " +
  "backed off: other tools (or another apply) probably spend the same budget; re-run `mirrorctl apply` when " +
  'they are quieter (it plans from what now exists, so what this run created is not created again), or give ' +
  'it a lower --max-rate to leave them room';

const BY_CODE: Readonly<Record<string, string>> = {
  NetworkInterfaceNotSupported:
    'the source instance type cannot be mirrored; add its family to instanceSupport.deny or exclude the instance',
  TrafficMirrorSessionsPerInterfaceLimitExceeded:
    'the interface already has 3 mirror sessions, the AWS maximum; remove one of them or exclude the interface',
  TrafficMirrorSourcesPerTargetLimitExceeded:
    'an interface target accepts only 10 sources (100 on the largest instance types); use a Network Load ' +
    'Balancer or Gateway Load Balancer endpoint target, or spread the sources over several targets',
  TrafficMirrorSessionsPerTargetLimitExceeded:
    'the target has reached its maximum number of sessions; use a load balancer target or several targets',
  TrafficMirrorSessionLimitExceeded:
    'the account has 10,000 mirror sessions in this region, a quota AWS does not raise; mirror fewer interfaces',
  TrafficMirrorTargetLimitExceeded: 'the account has 10,000 mirror targets in this region, a quota AWS does not raise',
  TrafficMirrorFilterLimitExceeded: 'the account has 10,000 mirror filters in this region, a quota AWS does not raise',
  TrafficMirrorFilterRuleLimitExceeded: 'a mirror filter holds at most 10 rules; merge rules in the policy',
  TrafficMirrorFilterRuleAlreadyExists:
    'the filter already has a rule with this number and direction (made outside mirrorctl?); re-run plan',
  TrafficMirrorTargetInUseException:
    'sessions that this plan does not change still use the target; re-run plan to see them',
  TrafficMirrorFilterInUse: 'sessions that this plan does not change still use the filter; re-run plan to see them',
  NlbInUseByTrafficMirrorTargetException:
    'AWS holds one mirror target per Network Load Balancer, and another target appeared on this one after the ' +
    'plan was made (another tool, or another policy); re-run plan: it uses the existing target instead',
  InterfaceInUseByTrafficMirrorTarget:
    'AWS holds one mirror target per network interface (and a target interface cannot be a source); another ' +
    'target appeared on it after the plan was made; re-run plan: it uses the existing target instead',
  InvalidTrafficMirrorTarget: "the target's network interface, load balancer or endpoint does not exist",
  'InvalidNetworkInterfaceID.NotFound':
    'the source interface no longer exists (its instance was probably terminated); re-run plan',
  InterfaceGone:
    'the network interface no longer exists (its instance was terminated or the interface deleted during the ' +
    'apply): there is nothing to mirror, and the next plan will not plan it',
  TargetGone:
    'the mirror target was deleted outside this apply after the plan was made (by a person, another tool or ' +
    'another mirrorctl run); re-run plan: it plans from what now exists',
  FilterGone:
    'the mirror filter was deleted outside this apply after the plan was made (by a person, another tool or ' +
    'another mirrorctl run); re-run plan: it plans from what now exists',
  FilterRuleGone:
    'the filter rule was deleted outside this apply after the plan was made (on its own or with its filter); ' +
    're-run plan: it plans from what now exists',
  SessionGone:
    'the mirror session was deleted outside this apply after the plan was made (AWS deletes a session with its ' +
    'source interface when the instance is terminated); re-run plan: it plans from what now exists',
  InvalidParameterValue: 'AWS rejected a value from the policy; the message names the parameter to fix',
  InvalidParameterCombination: 'AWS rejected a combination of values from the policy; the message says which',
  MissingParameter: 'a required value is missing from the request; this is a mirrorctl bug, please report it',
  UnauthorizedOperation:
    'the AWS identity in use lacks the IAM permission for this call; grant it (see the minimal IAM policy in the docs)',
  IdempotentParameterMismatch:
    'AWS saw this client token before with different parameters. Tokens derive from the policy, region, key ' +
    'and everything the create sends, so this is a mirrorctl bug: please report it',
  ReplayedDeletedResource:
    'AWS kept answering this create with a resource that does not exist: each answer was the replay of an ' +
    'identical create whose resource was deleted since (or AWS took longer than 30 s to show a new one); ' +
    're-run `mirrorctl apply`: each run moves past the replays it met',
  SessionNumberConflict:
    'another session kept taking the number on this interface while this apply ran (another mirrorctl run, ' +
    'another tool, or a session still being deleted); re-run plan to choose from what now exists',
  ChangedByAnotherRun:
    'another mirrorctl run with this policy changed this interface at the same time and made other choices ' +
    '(a different policy version?); re-run plan to converge from what now exists',
  InternalError: `AWS kept failing with server errors; ${RERUN}`,
  ServiceUnavailable: `AWS was unavailable; ${RERUN}`,
  MissingId: 'AWS answered without the new resource id; re-run plan to see whether it was created',
  UnexpectedError: 'an unexpected error inside mirrorctl; please report it with this message',
  NotSupported: 'this mirrorctl cannot apply this kind of resource (a plan made by a newer version?); re-create the plan',
  LoadBalancerNotActive:
    'the new load balancer did not become active in time, so no mirror target was made on it (AWS would mirror ' +
    'nothing to it); check it in the EC2 console, then re-run `mirrorctl apply`',
  DuplicateLoadBalancerNameException:
    'a load balancer with the name mirrorctl derives for this target exists and is not this policy\'s; delete or ' +
    'rename it, or rename the target in the policy',
  DuplicateTargetGroupNameException:
    'a target group with the name mirrorctl derives for this target exists and is not this policy\'s; delete or ' +
    'rename it, or rename the target in the policy',
  InvalidTargetException:
    'ELBv2 refused a sensor: it must be a running instance in the load balancer\'s VPC (or an IP address in it); ' +
    'the message names it',
  OperationNotPermittedException:
    'ELBv2 refused the change (for a deletion: deletion protection is on, and the load balancer is not this ' +
    'policy\'s to turn it off)',
  Interrupted: `the apply was stopped before this action finished; ${RERUN}`,
  ReplaceIncomplete:
    'the replacement exists, but the old resource was kept because something that used it was not moved ' +
    'over; fix the failures above and re-run plan',
  UnresolvedReference: 'the plan refers to a resource that was not created in this apply; re-run plan',
  InvalidPlan: 'the plan file is inconsistent; re-create it with `mirrorctl plan --out`',
  NotOwned:
    'mirrorctl changes and deletes only what this policy owns in this account, inside the regions (or interfaces) ' +
    'of this run, as discovery saw it; the plan asked for something else (a plan file edited by hand?). ' +
    'Nothing was sent to AWS for it; re-create the plan with `mirrorctl plan --out`',
};

export function explain(code: string): string {
  const known = BY_CODE[code];
  if (known !== undefined) return known;
  if (isAuthCode(code)) {
    return `AWS refused the credentials, so the apply stopped; refresh them (${REFRESH_CREDENTIALS}) and re-run apply`;
  }
  if (isThrottlingCode(code)) return THROTTLED;
  if (code.endsWith('.NotFound')) {
    return 'the resource was deleted outside mirrorctl after the plan was made; re-run plan';
  }
  if (/^E[A-Z]+$/.test(code)) return `the network connection to AWS kept failing (${code}); ${RERUN}`;
  if (code.endsWith('LimitExceeded')) return 'an AWS quota was reached; the message says which';
  return 'AWS refused the call; the message says why';
}
