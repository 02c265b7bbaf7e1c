import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { toReadableAwsError } from '../../src/aws/read-errors.js';
import { UserError, isUserError } from '../../src/core/errors.js';
import { isolateAwsEnvironment } from './helpers/aws-env.js';

function serviceError(name: string, message: string, status: number, attempts = 1): EC2ServiceException {
  return new EC2ServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts },
  });
}

function networkError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

function credentialsError(message: string): Error {
  const error = new Error(message);
  error.name = 'CredentialsProviderError';
  return error;
}

const context = { region: 'eu-central-1', action: 'DescribeTrafficMirrorSessions' } as const;

describe('toReadableAwsError', () => {
  isolateAwsEnvironment({ withCredentials: false });

  it('names the missing IAM permission, for EC2 and ELBv2 codes alike', () => {
    const ec2 = toReadableAwsError(serviceError('UnauthorizedOperation', 'You are not authorized.', 403), context);
    const elb = toReadableAwsError(serviceError('AccessDenied', 'User is not authorized.', 403), {
      region: 'eu-central-1',
      action: 'DescribeLoadBalancers',
      service: 'elasticloadbalancing',
    });

    expect(ec2.message).toBe(
      'Access denied: the AWS identity in use may not call ec2:DescribeTrafficMirrorSessions in eu-central-1.',
    );
    expect((ec2 as UserError).hint).toBe(
      'grant ec2:DescribeTrafficMirrorSessions to the IAM role or user that runs mirrorctl',
    );
    expect(elb.message).toContain('elasticloadbalancing:DescribeLoadBalancers');
  });

  it('counts the attempts made before throttling won', () => {
    const error = toReadableAwsError(serviceError('RequestLimitExceeded', 'Request limit exceeded.', 503, 8), context);

    expect(error.message).toBe('Throttled by EC2 after 8 attempts (DescribeTrafficMirrorSessions in eu-central-1).');
  });

  it('treats HTTP 429 as throttling whatever the code', () => {
    expect(toReadableAwsError(serviceError('SlowDown', 'Slow down.', 429, 3), context).message).toMatch(
      /^Throttled by EC2 after 3 attempts/,
    );
  });

  it('explains expired and rejected credentials', () => {
    const expired = toReadableAwsError(serviceError('ExpiredToken', 'The security token has expired.', 400), context);
    const rejected = toReadableAwsError(serviceError('AuthFailure', 'AWS was not able to validate.', 401), context);

    expect(expired.message).toBe(
      'The AWS session token has expired (DescribeTrafficMirrorSessions in eu-central-1).',
    );
    expect(rejected.message).toBe(
      'AWS rejected the credentials (AuthFailure) (DescribeTrafficMirrorSessions in eu-central-1).',
    );
  });

  it('tells apart no credentials, an expired SSO session and a broken profile', () => {
    const none = toReadableAwsError(credentialsError('Could not load credentials from any providers'), context);
    const sso = toReadableAwsError(
      credentialsError('The SSO session associated with this profile has expired. To refresh run aws sso login.'),
      { ...context, profile: 'prod' },
    );
    const broken = toReadableAwsError(credentialsError('Profile prod requires a role_arn.'), {
      ...context,
      profile: 'prod',
    });

    expect(none.message).toBe('No AWS credentials were found (DescribeTrafficMirrorSessions in eu-central-1).');
    expect((none as UserError).hint).toBe('set AWS_PROFILE (or pass --profile) or run `aws sso login`');
    expect(sso.message).toBe('The AWS SSO session has expired (DescribeTrafficMirrorSessions in eu-central-1).');
    expect(broken.message).toBe(
      'AWS credentials could not be loaded for profile "prod" (Profile prod requires a role_arn) ' +
        '(DescribeTrafficMirrorSessions in eu-central-1).',
    );
  });

  it('asks for a region when the SDK has none', () => {
    const error = toReadableAwsError(new Error('Region is missing'), {});

    expect(error.message).toBe('No AWS region is set.');
    expect((error as UserError).hint).toBe('pass --region or set regions in the policy');
  });

  it('names the endpoint behind a network failure', () => {
    const dns = networkError('getaddrinfo ENOTFOUND ec2.mars-1.amazonaws.com', {
      code: 'ENOTFOUND',
      hostname: 'ec2.mars-1.amazonaws.com',
    });
    const dualStack = Object.assign(new AggregateError([
      networkError('connect ECONNREFUSED ::1:4566', { code: 'ECONNREFUSED', address: '::1', port: 4566 }),
    ]), { code: 'ECONNREFUSED' });

    expect(toReadableAwsError(dns, context).message).toBe(
      'Cannot reach the endpoint ec2.mars-1.amazonaws.com (ENOTFOUND) (DescribeTrafficMirrorSessions in eu-central-1).',
    );
    expect(toReadableAwsError(dualStack, { endpoint: 'http://localhost:4566' }).message).toBe(
      'Cannot reach the endpoint ::1:4566 (ECONNREFUSED).',
    );
  });

  it('keeps the code and message of other AWS errors', () => {
    const error = toReadableAwsError(serviceError('InternalError', 'An internal error has occurred.', 500), context);

    expect(error.message).toBe(
      'EC2 DescribeTrafficMirrorSessions failed in eu-central-1: InternalError: An internal error has occurred',
    );
    expect(error.cause).toBeInstanceOf(EC2ServiceException);
  });

  it('leaves bugs and existing UserErrors alone', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const userError = new UserError('Already readable.');

    expect(toReadableAwsError(bug, context)).toBe(bug);
    expect(isUserError(toReadableAwsError(bug, context))).toBe(false);
    expect(toReadableAwsError(userError, context)).toBe(userError);
  });
});
