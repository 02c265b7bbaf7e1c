/**
 * Turns what the AWS SDK throws into one readable sentence plus a hint, so the CLI never shows an SDK stack
 * for something the user can fix (credentials, region, IAM, throttling, the network or the endpoint).
 */
import { UserError, isUserError } from '../core/errors.js';
import { endpointFailure } from './endpoint-errors.js';

export interface AwsErrorContext {
  readonly region?: string;
  /** API action, e.g. "DescribeTrafficMirrorSessions". */
  readonly action?: string;
  /** IAM service prefix of the action. Default "ec2". */
  readonly service?: 'ec2' | 'elasticloadbalancing' | 'sts';
  /** The endpoint the client talks to, when known; network errors name it. */
  readonly endpoint?: string;
  /** The client's profile; AWS_PROFILE applies when absent, as in the SDK's credential chain. */
  readonly profile?: string;
}

const ACCESS_DENIED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);
const EXPIRED_TOKEN = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const REJECTED_CREDENTIALS = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'IncompleteSignature',
]);
// The codes @smithy/core's standard retry strategy treats as throttling, as far as EC2 and ELBv2 use them.
const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
]);
const CREDENTIALS_HINT = 'set AWS_PROFILE (or pass --profile) or run `aws sso login`';
const REGION_HINT = 'pass --region or set regions in the policy';

/**
 * Classifies `error` and returns a `UserError` for everything that comes from AWS, its configuration or the
 * network. Any other error (a bug) is returned unchanged so the CLI can show its stack.
 */
export function toReadableAwsError(error: unknown, context: AwsErrorContext = {}): Error {
  if (isUserError(error)) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  const fields = error as Error & ErrorFields;
  const options = (hint: string): { hint: string; cause: unknown } => ({ hint, cause: error });
  const where = describeWhere(context);

  if (error.name === 'CredentialsProviderError') {
    if (/SSO/i.test(error.message) && /expired/i.test(error.message)) {
      return new UserError(`The AWS SSO session has expired${where}.`, options('run `aws sso login`'));
    }
    const profile = context.profile ?? process.env['AWS_PROFILE'];
    const forProfile = profile === undefined || profile === '' ? '' : ` for profile "${profile}"`;
    const detail = /could not load credentials from any providers/i.test(error.message)
      ? `No AWS credentials were found${forProfile}`
      : `AWS credentials could not be loaded${forProfile} (${stripPeriod(error.message)})`;
    const hint =
      forProfile === ''
        ? CREDENTIALS_HINT
        : `check that the profile exists in ~/.aws/config, or run \`aws sso login --profile ${profile}\``;
    return new UserError(`${detail}${where}.`, options(hint));
  }
  if (error.message === 'Region is missing') {
    return new UserError('No AWS region is set.', options(REGION_HINT));
  }
  const rejectedRegion = /^Region not accepted: region="([^"]*)"/.exec(error.message)?.[1];
  if (rejectedRegion !== undefined) {
    return new UserError(`"${rejectedRegion}" is not a valid AWS region.`, options(REGION_HINT));
  }
  const unreachable = endpointFailure(error, {
    where,
    service: serviceLabel(context),
    ...(context.endpoint === undefined ? {} : { endpoint: context.endpoint }),
  });
  if (unreachable !== undefined) return unreachable;
  if (!isAwsServiceError(fields)) return error;

  const code = error.name;
  if (ACCESS_DENIED.has(code)) {
    const permission = `${context.service ?? 'ec2'}:${context.action ?? 'this action'}`;
    return new UserError(
      `Access denied: the AWS identity in use may not call ${permission}${inRegion(context)}.`,
      options(`grant ${permission} to the IAM role or user that runs mirrorctl`),
    );
  }
  if (EXPIRED_TOKEN.has(code)) {
    return new UserError(
      `The AWS session token has expired${where}.`,
      options('refresh the credentials, e.g. run `aws sso login` or assume the role again'),
    );
  }
  if (REJECTED_CREDENTIALS.has(code)) {
    return new UserError(`AWS rejected the credentials (${code})${where}.`, options(CREDENTIALS_HINT));
  }
  if (THROTTLING.has(code) || fields.$metadata?.httpStatusCode === 429) {
    const attempts = fields.$metadata?.attempts ?? 1;
    return new UserError(
      `Throttled by ${serviceLabel(context)} after ${attempts} attempt${attempts === 1 ? '' : 's'}${where}.`,
      options('EC2 limits API calls per account and Region: retry later or raise --max-attempts'),
    );
  }
  return new UserError(
    `${serviceLabel(context)} ${context.action ?? 'request'} failed${inRegion(context)}: ${code}: ` +
      stripPeriod(error.message),
    { cause: error },
  );
}

interface ErrorFields {
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

function isAwsServiceError(error: ErrorFields): boolean {
  return error.$fault === 'client' || error.$fault === 'server' || error.$metadata?.httpStatusCode !== undefined;
}

function serviceLabel(context: AwsErrorContext): string {
  if (context.service === 'elasticloadbalancing') return 'Elastic Load Balancing';
  return context.service === 'sts' ? 'STS' : 'EC2';
}

function inRegion(context: AwsErrorContext): string {
  return context.region === undefined ? '' : ` in ${context.region}`;
}

function describeWhere(context: AwsErrorContext): string {
  if (context.action === undefined) return inRegion(context);
  return ` (${context.action}${inRegion(context)})`;
}

function stripPeriod(message: string): string {
  return message.trim().replace(/\.$/, '');
}
