/**
 * What IAM authorises for one recorded AWS call, as the Service Authorization Reference describes EC2:
 * one request per resource the action names (the new resource of a create with its request tags, each
 * existing resource with its own tags), plus `ec2:CreateTags` for tags given at creation. A call mapped
 * here by hand is a statement of fact about AWS; an action this file does not know fails the test rather
 * than being skipped.
 */
import type { SandboxFile, SandboxRegion } from '../../src/sandbox/index.js';
import type { RecordedCall } from './recorder.js';

export interface IamRequest {
  readonly action: string;
  /** `*` for actions without resources. */
  readonly resource: string;
  readonly context: Readonly<Record<string, string | string[]>>;
}

export interface MappedCall {
  readonly requests: IamRequest[];
  /** Set when the call names a resource the account no longer holds (AWS answers NotFound before IAM can read its tags). */
  readonly unresolved?: string;
}

type Tags = Readonly<Record<string, string>>;

const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  EC2: 'ec2',
  'Elastic Load Balancing v2': 'elasticloadbalancing',
  IAM: 'iam',
};

/** AWS: "No permissions are required to perform this operation" (STS GetCallerIdentity). */
const NEEDS_NO_PERMISSION = new Set(['STS:GetCallerIdentity']);

const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'tms-': 'traffic-mirror-session',
  'tmt-': 'traffic-mirror-target',
  'tmf-': 'traffic-mirror-filter',
  'tmfr-': 'traffic-mirror-filter-rule',
  'eni-': 'network-interface',
  'vpce-': 'vpc-endpoint',
  'i-': 'instance',
  'vpc-': 'vpc',
};

function typeOf(id: string): string {
  const prefix = Object.keys(RESOURCE_TYPES).find((candidate) => id.startsWith(candidate));
  if (prefix === undefined) throw new Error(`no IAM resource type for ${id}`);
  return RESOURCE_TYPES[prefix] ?? '';
}

interface Found {
  readonly owner: string;
  readonly tags: Tags;
}

/** The resource with this id in the account before the call: its owner account and its tags. */
function find(file: SandboxFile, region: string, id: string): Found | undefined {
  const data: SandboxRegion = file.regions[region] ?? {};
  const own = (tags: Tags | undefined, owner?: string): Found => ({ owner: owner ?? file.accountId, tags: tags ?? {} });
  for (const session of data.trafficMirrorSessions ?? []) if (session.id === id) return own(session.tags, session.ownerId);
  for (const target of data.trafficMirrorTargets ?? []) if (target.id === id) return own(target.tags, target.ownerId);
  for (const filter of data.trafficMirrorFilters ?? []) {
    if (filter.id === id) return own(filter.tags);
    for (const rule of filter.rules ?? []) if (rule.id === id) return own(rule.tags);
  }
  for (const instance of data.instances ?? []) {
    if (instance.id === id) return own(instance.tags);
    for (const eni of instance.interfaces) if (eni.id === id) return own(eni.tags);
  }
  for (const eni of data.networkInterfaces ?? []) if (eni.id === id) return own(eni.tags);
  for (const vpc of data.vpcs ?? []) if (vpc.id === id) return own(vpc.tags);
  return undefined;
}

function filterOfRule(file: SandboxFile, region: string, ruleId: string): string | undefined {
  return (file.regions[region]?.trafficMirrorFilters ?? []).find((filter) => (filter.rules ?? []).some((rule) => rule.id === ruleId))?.id;
}

const arn = (region: string, account: string, type: string, id: string): string => `arn:aws:ec2:${region}:${account}:${type}/${id}`;

const resourceTagContext = (tags: Tags): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]));

function requestTagContext(tags: Tags): Record<string, string | string[]> {
  return { ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value])), 'aws:TagKeys': Object.keys(tags) };
}

function tagsGiven(input: Readonly<Record<string, unknown>>, type: string): Tags {
  const specs = (input['TagSpecifications'] ?? []) as { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[];
  const tags = specs.filter((spec) => spec.ResourceType === type).flatMap((spec) => spec.Tags ?? []);
  return Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

/** Which existing resources each mutating EC2 action names, besides the one it creates. */
const NAMED_IDS: Readonly<Record<string, readonly string[]>> = {
  CreateTrafficMirrorSession: ['NetworkInterfaceId', 'TrafficMirrorTargetId', 'TrafficMirrorFilterId'],
  CreateTrafficMirrorTarget: ['NetworkInterfaceId', 'GatewayLoadBalancerEndpointId'],
  CreateTrafficMirrorFilter: [],
  CreateTrafficMirrorFilterRule: ['TrafficMirrorFilterId'],
  ModifyTrafficMirrorSession: ['TrafficMirrorSessionId', 'TrafficMirrorTargetId', 'TrafficMirrorFilterId'],
  DeleteTrafficMirrorSession: ['TrafficMirrorSessionId'],
  DeleteTrafficMirrorTarget: ['TrafficMirrorTargetId'],
  DeleteTrafficMirrorFilter: ['TrafficMirrorFilterId'],
  ModifyTrafficMirrorFilterNetworkServices: ['TrafficMirrorFilterId'],
  // A rule is authorised with its filter as well.
  ModifyTrafficMirrorFilterRule: ['TrafficMirrorFilterRuleId'],
  DeleteTrafficMirrorFilterRule: ['TrafficMirrorFilterRuleId'],
};

const CREATED_TYPE: Readonly<Record<string, string>> = {
  CreateTrafficMirrorSession: 'traffic-mirror-session',
  CreateTrafficMirrorTarget: 'traffic-mirror-target',
  CreateTrafficMirrorFilter: 'traffic-mirror-filter',
  CreateTrafficMirrorFilterRule: 'traffic-mirror-filter-rule',
};

export function iamRequestsOf(call: RecordedCall, accountId: string): MappedCall {
  if (NEEDS_NO_PERMISSION.has(`${call.service}:${call.action}`)) return { requests: [] };
  const prefix = SERVICE_PREFIX[call.service];
  if (prefix === undefined) throw new Error(`no IAM mapping for ${call.service}:${call.action}`);
  const action = `${prefix}:${call.action}`;
  const region = { 'aws:RequestedRegion': call.region };
  if (prefix !== 'ec2' || call.action.startsWith('Describe')) return { requests: [{ action, resource: '*', context: region }] };
  const before = call.before;
  if (before === undefined) throw new Error(`${action} was recorded without the account before it`);
  const existing = (id: string): IamRequest | string => {
    const found = find(before, call.region, id);
    if (found === undefined) return id;
    return { action, resource: arn(call.region, found.owner, typeOf(id), id), context: { ...region, ...resourceTagContext(found.tags) } };
  };

  if (call.action === 'CreateTags' || call.action === 'DeleteTags') {
    const ids = (call.input['Resources'] ?? []) as string[];
    const tags = (call.input['Tags'] ?? []) as { Key?: string; Value?: string }[];
    const change =
      call.action === 'CreateTags'
        ? requestTagContext(Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? ''])))
        : { 'aws:TagKeys': tags.map((tag) => tag.Key ?? '') };
    const requests: IamRequest[] = [];
    for (const id of ids) {
      const request = existing(id);
      if (typeof request === 'string') return { requests, unresolved: request };
      requests.push({ ...request, context: { ...request.context, ...change } });
    }
    return { requests };
  }

  const named = NAMED_IDS[call.action];
  if (named === undefined) throw new Error(`no IAM mapping for ${action}: add it to test/iam/requests.ts`);
  const requests: IamRequest[] = [];
  const created = CREATED_TYPE[call.action];
  if (created !== undefined) {
    const tags = tagsGiven(call.input, created);
    const resource = arn(call.region, accountId, created, `${created}-being-created`);
    requests.push({ action, resource, context: { ...region, ...requestTagContext(tags) } });
    if (Object.keys(tags).length > 0) {
      requests.push({ action: 'ec2:CreateTags', resource, context: { ...region, ...requestTagContext(tags), 'ec2:CreateAction': call.action } });
    }
  }
  const ids = named.flatMap((field) => (typeof call.input[field] === 'string' ? [call.input[field] as string] : []));
  const ruleId = call.input['TrafficMirrorFilterRuleId'];
  if (typeof ruleId === 'string' && call.action !== 'CreateTrafficMirrorFilterRule') {
    const filter = filterOfRule(before, call.region, ruleId);
    if (filter === undefined) return { requests, unresolved: ruleId };
    ids.push(filter);
  }
  for (const id of ids) {
    const request = existing(id);
    if (typeof request === 'string') return { requests, unresolved: request };
    requests.push(request);
  }
  return { requests };
}
