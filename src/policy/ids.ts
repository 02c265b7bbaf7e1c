/** Shapes of AWS identifiers and names that a policy may contain. */
import { didYouMean } from './suggest.js';
import { quote } from './quote.js';

export type Problem = { readonly code: string; readonly message: string; readonly hint?: string };

export const ID_KINDS = {
  vpc: 'VPC',
  i: 'instance',
  eni: 'network interface',
  tmt: 'traffic mirror target',
  vpce: 'VPC endpoint',
  subnet: 'subnet',
  sg: 'security group',
} as const;

export type IdPrefix = keyof typeof ID_KINDS;

/** Other prefixes users paste by mistake, to say what they pasted. */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  tmf: 'traffic mirror filter',
  tms: 'traffic mirror session',
  tmfr: 'traffic mirror filter rule',
  igw: 'internet gateway',
  rtb: 'route table',
};

/** Resource ids are the prefix and 8 (older) or 17 lowercase hex digits. */
export const idPattern = (prefix: IdPrefix): string => `^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`;

const ID_REGEX = new Map(
  (Object.keys(ID_KINDS) as IdPrefix[]).map((prefix) => [prefix, new RegExp(idPattern(prefix))]),
);

export function checkId(prefix: IdPrefix, value: string): Problem | undefined {
  if (ID_REGEX.get(prefix)?.test(value)) return undefined;
  const kind = ID_KINDS[prefix];
  const example = `${prefix}-0123456789abcdef0`;
  const otherPrefix = /^([a-z]+)-/.exec(value)?.[1];
  if (otherPrefix !== undefined && otherPrefix !== prefix) {
    const otherKind = (ID_KINDS as Readonly<Record<string, string>>)[otherPrefix] ?? OTHER_KINDS[otherPrefix];
    if (otherKind !== undefined) {
      return {
        code: 'invalid-id',
        message: `${quote(value)} is ${article(otherKind)} ${otherKind} id, but ${article(kind)} ${kind} id (${prefix}-…) is expected here`,
      };
    }
  }
  const hint = ID_REGEX.get(prefix)?.test(value.toLowerCase())
    ? `AWS ids are lowercase: ${quote(value.toLowerCase())}`
    : `${article(kind)} ${kind} id is "${prefix}-" followed by 8 or 17 lowercase hex digits, e.g. ${example}`;
  return { code: 'invalid-id', message: `${quote(value)} is not a valid ${kind} id`, hint };
}

const article = (noun: string): string => (/^[aeiou]/.test(noun) ? 'an' : 'a');

/** An Availability Zone name: its region and a letter (us-east-1a). */
export const AVAILABILITY_ZONE_PATTERN = '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}[a-z]$';
const AVAILABILITY_ZONE_REGEX = new RegExp(AVAILABILITY_ZONE_PATTERN);

export function checkAvailabilityZone(value: string): Problem | undefined {
  if (AVAILABILITY_ZONE_REGEX.test(value)) return undefined;
  return {
    code: 'invalid-availability-zone',
    message: `${quote(value)} is not an Availability Zone name`,
    hint: 'Availability Zone names are a region and a letter, e.g. us-east-1a',
  };
}

/** The region of an Availability Zone name (us-east-1a → us-east-1). */
export const zoneRegion = (zone: string): string => zone.slice(0, -1);

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const IPV4_PATTERN = IPV4.source;

export function checkIpv4(value: string): Problem | undefined {
  if (IPV4.test(value)) return undefined;
  return {
    code: 'invalid-ip-address',
    message: `${quote(value)} is not an IPv4 address`,
    hint: 'write the sensor\'s private IPv4 address, e.g. 10.0.1.25, without a prefix length',
  };
}

/** Commercial (us-east-1), GovCloud (us-gov-west-1), China (cn-north-1) and ISO (us-isob-east-1) shapes. */
export const REGION_PATTERN = '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$';
const REGION_REGEX = new RegExp(REGION_PATTERN);

/** Only to suggest corrections: any name of the right shape is accepted, as AWS keeps adding regions. */
const KNOWN_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'af-south-1', 'il-central-1', 'me-south-1', 'me-central-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'us-gov-east-1', 'us-gov-west-1', 'cn-north-1',
  'cn-northwest-1',
];

export const isRegionName = (value: string): boolean => REGION_REGEX.test(value);

export function checkRegion(value: string): Problem | undefined {
  if (REGION_REGEX.test(value)) return undefined;
  return {
    code: 'invalid-region',
    message: `${quote(value)} is not an AWS region name`,
    hint: didYouMean(value, KNOWN_REGIONS) ?? 'AWS region names look like us-east-1 or eu-west-1',
  };
}

/** The policy name becomes the value of the `mirrorctl:policy` tag, so it must be a valid tag value. */
export const POLICY_NAME_PATTERN = '^[A-Za-z0-9 _.:/=+@-]{1,128}$';

/** Names of targets, filters and entries appear inside `/`-separated logical keys: no `/` or spaces. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const NAME_REGEX = new RegExp(NAME_PATTERN);

export function checkName(what: string, value: string): Problem | undefined {
  if (NAME_REGEX.test(value)) return undefined;
  return {
    code: 'invalid-name',
    message: `${what} name ${quote(value)} is not allowed`,
    hint: 'use 1 to 64 letters, digits, "-", "_" or ".", starting with a letter or digit',
  };
}

export interface NlbArn {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
  readonly id: string;
}

export const NLB_ARN_PATTERN =
  '^arn:aws[-a-z]*:elasticloadbalancing:[a-z]{2}(-[a-z]+)+-[0-9]{1,2}:[0-9]{12}:loadbalancer/net/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$';
const NLB_ARN_EXAMPLE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/sensors/0123456789abcdef';
const ARN_PARTS = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/;

export function parseNlbArn(value: string): { ok: true; arn: NlbArn } | { ok: false; problem: Problem } {
  const fail = (message: string, hint = `an NLB ARN looks like ${NLB_ARN_EXAMPLE}`) => ({
    ok: false as const,
    problem: { code: 'invalid-arn', message, hint },
  });
  const parts = ARN_PARTS.exec(value);
  if (parts === null) return fail(`${quote(value)} is not an ARN`);
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = parts;
  if (!/^aws[-a-z]*$/.test(partition)) return fail(`ARN partition ${quote(partition)} is not an AWS partition`);
  if (service !== 'elasticloadbalancing') {
    return fail(`${quote(value)} is an ARN of service ${quote(service)}, not of a load balancer (elasticloadbalancing)`);
  }
  if (!REGION_REGEX.test(region)) return fail(`ARN region ${quote(region)} is not an AWS region name`);
  if (!/^\d{12}$/.test(accountId)) return fail(`ARN account ${quote(accountId)} is not a 12-digit AWS account id`);
  if (resource.startsWith('loadbalancer/app/')) {
    return fail(
      'this is an Application Load Balancer; traffic mirroring can only send to a Network Load Balancer',
      'use an NLB ARN (…:loadbalancer/net/…)',
    );
  }
  if (resource.startsWith('loadbalancer/gwy/')) {
    return fail(
      'this is a Gateway Load Balancer; mirror to one of its endpoints instead',
      'use gatewayLoadBalancerEndpointId: vpce-… for a Gateway Load Balancer endpoint',
    );
  }
  const resourceParts = /^loadbalancer\/net\/([A-Za-z0-9-]{1,32})\/([0-9a-f]{16})$/.exec(resource);
  if (resourceParts === null) return fail(`${quote(resource)} is not a Network Load Balancer resource`);
  const [, name = '', id = ''] = resourceParts;
  return { ok: true, arn: { partition, region, accountId, name, id } };
}

/** Instance families ("m8g") or exact types ("m8g.large", "u7i-6tb.112xlarge"). */
export const INSTANCE_TYPE_PATTERN = '^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)?$';
const INSTANCE_TYPE_REGEX = new RegExp(INSTANCE_TYPE_PATTERN);

export function checkInstanceType(value: string): Problem | undefined {
  if (INSTANCE_TYPE_REGEX.test(value)) return undefined;
  return {
    code: 'invalid-instance-type',
    message: `${quote(value)} is neither an instance family nor an instance type`,
    hint: INSTANCE_TYPE_REGEX.test(value.toLowerCase())
      ? `instance types are lowercase: ${quote(value.toLowerCase())}`
      : 'write a family such as "m8g" or a type such as "m8g.large"',
  };
}

export const ACCOUNT_ID_PATTERN = '^[0-9]{12}$';

/**
 * An AWS account id is 12 digits, and is text: YAML reads an unquoted one as a number, which drops leading
 * zeros, so a number is accepted only when it still has all 12 digits.
 */
export function checkAccountId(value: string | number): Problem | undefined {
  if (typeof value === 'string') {
    return /^\d{12}$/.test(value)
      ? undefined
      : { code: 'invalid-account-id', message: `"${value}" is not an AWS account id`, hint: 'write the 12 digits of the account, e.g. "123456789012"' };
  }
  if (Number.isSafeInteger(value) && value >= 0 && String(value).length < 12) {
    const padded = String(value).padStart(12, '0');
    return {
      code: 'account-id-lost-zeros',
      message: `account id ${value} has ${String(value).length} digits: an unquoted number loses its leading zeros`,
      hint: `quote the account id, e.g. "${padded}"`,
    };
  }
  return Number.isSafeInteger(value) && String(value).length === 12
    ? undefined
    : { code: 'invalid-account-id', message: `${value} is not an AWS account id`, hint: 'write the 12 digits of the account, quoted, e.g. "123456789012"' };
}
