import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients, type AwsClients, type AwsOptions } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { isUserError } from '../../src/core/errors.js';
import { isolateAwsEnvironment } from './helpers/aws-env.js';
import {
  describeVpcsAnswer,
  emptyAnswer,
  errorAnswer,
  startQueryEndpoint,
  type QueryAnswer,
  type QueryEndpoint,
} from './helpers/query-endpoint.js';

const opened: { endpoint?: QueryEndpoint; clients?: AwsClients }[] = [];

async function endpointAnswering(answer: (action: string) => QueryAnswer): Promise<QueryEndpoint> {
  const endpoint = await startQueryEndpoint(answer);
  opened.push({ endpoint });
  return endpoint;
}

function clientsWith(options: AwsOptions): AwsClients {
  const clients = createAwsClients(options);
  opened.push({ clients });
  return clients;
}

/** A loopback port nobody listens on. */
async function closedPortUrl(): Promise<string> {
  const endpoint = await startQueryEndpoint(emptyAnswer);
  await endpoint.close();
  return endpoint.url;
}

const oneVpc = (action: string): QueryAnswer =>
  action === 'DescribeVpcs' ? describeVpcsAnswer([{ id: 'vpc-0a1', name: 'prod' }]) : emptyAnswer(action);

afterEach(async () => {
  for (const { endpoint, clients } of opened.splice(0)) {
    clients?.destroy();
    await endpoint?.close();
  }
});

describe('endpoints', () => {
  isolateAwsEnvironment({ withCredentials: true });

  it('sends every discovery read to an explicit endpointUrl', async () => {
    const endpoint = await endpointAnswering(oneVpc);

    const observed = await discover(clientsWith({ endpointUrl: endpoint.url }), { regions: ['eu-west-1'] });

    expect(observed.regions[0]?.vpcs).toEqual([{ id: 'vpc-0a1', tags: { Name: 'prod' } }]);
    expect([...endpoint.actions].sort()).toEqual([
      'DescribeInstances',
      'DescribeNetworkInterfaces',
      'DescribeTrafficMirrorFilters',
      'DescribeTrafficMirrorSessions',
      'DescribeTrafficMirrorTargets',
      'DescribeVpcs',
    ]);
  });

  it('honours AWS_ENDPOINT_URL_EC2 when no endpointUrl is given', async () => {
    const endpoint = await endpointAnswering(oneVpc);
    vi.stubEnv('AWS_ENDPOINT_URL_EC2', endpoint.url);

    const observed = await discover(clientsWith({}), { regions: ['eu-west-1'] });

    expect(observed.regions[0]?.vpcs.map((vpc) => vpc.id)).toEqual(['vpc-0a1']);
  });

  it('prefers an explicit endpointUrl over AWS_ENDPOINT_URL_EC2', async () => {
    const endpoint = await endpointAnswering(oneVpc);
    vi.stubEnv('AWS_ENDPOINT_URL_EC2', await closedPortUrl());

    const observed = await discover(clientsWith({ endpointUrl: endpoint.url, maxAttempts: 1 }), {
      regions: ['eu-west-1'],
    });

    expect(observed.regions[0]?.vpcs.map((vpc) => vpc.id)).toEqual(['vpc-0a1']);
  });

  it('sorts what EC2 returns in any order by id', async () => {
    const endpoint = await endpointAnswering((action) =>
      action === 'DescribeVpcs'
        ? describeVpcsAnswer([
            { id: 'vpc-0c3', name: 'c' },
            { id: 'vpc-0a1', name: 'a' },
            { id: 'vpc-0b2', name: 'b' },
          ])
        : emptyAnswer(action),
    );

    const observed = await discover(clientsWith({ endpointUrl: endpoint.url }), { regions: ['eu-west-1'] });

    expect(observed.regions[0]?.vpcs.map((vpc) => vpc.id)).toEqual(['vpc-0a1', 'vpc-0b2', 'vpc-0c3']);
  });

  it('rejects an endpointUrl that is not http(s)', () => {
    expect(() => createAwsClients({ endpointUrl: 'localhost:4566' })).toThrow(/not an http\(s\) URL/);
  });
});

describe('AWS failures become one readable sentence', () => {
  isolateAwsEnvironment({ withCredentials: true });

  async function discoveryError(options: AwsOptions, region = 'us-east-1'): Promise<Error> {
    const error: unknown = await discover(clientsWith(options), { regions: [region] }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
    return error;
  }

  it('names the IAM action AWS refused', async () => {
    const endpoint = await endpointAnswering((action) =>
      action === 'DescribeTrafficMirrorSessions'
        ? errorAnswer(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.')
        : emptyAnswer(action),
    );

    const error = await discoveryError({ endpointUrl: endpoint.url });

    expect(error.message).toBe(
      'Access denied: the AWS identity in use may not call ec2:DescribeTrafficMirrorSessions in us-east-1.',
    );
  });

  it('reports throttling with the number of attempts made', async () => {
    const endpoint = await endpointAnswering((action) =>
      action === 'DescribeNetworkInterfaces'
        ? errorAnswer(503, 'RequestLimitExceeded', 'Request limit exceeded.')
        : emptyAnswer(action),
    );

    const error = await discoveryError({ endpointUrl: endpoint.url, maxAttempts: 2 });

    expect(error.message).toBe('Throttled by EC2 after 2 attempts (DescribeNetworkInterfaces in us-east-1).');
    expect(endpoint.actions.filter((action) => action === 'DescribeNetworkInterfaces')).toHaveLength(2);
  });

  it('keeps the code and message of any other AWS error', async () => {
    const endpoint = await endpointAnswering((action) =>
      action === 'DescribeVpcs' ? errorAnswer(400, 'InvalidParameterValue', 'Bad value.') : emptyAnswer(action),
    );

    const error = await discoveryError({ endpointUrl: endpoint.url });

    expect(error.message).toBe('EC2 DescribeVpcs failed in us-east-1: InvalidParameterValue: Bad value');
  });

  it('names the endpoint it cannot reach', async () => {
    const url = await closedPortUrl();

    const error = await discoveryError({ endpointUrl: url, maxAttempts: 1 });

    expect(error.message).toMatch(
      new RegExp(`^Cannot reach the endpoint ${url} \\(ECONNREFUSED\\) \\(Describe\\w+ in us-east-1\\)\\.$`),
    );
  });

  it('rejects a region that is not a hostname label', async () => {
    const endpoint = await endpointAnswering(emptyAnswer);

    const error = await discoveryError({ endpointUrl: endpoint.url }, 'us east 1');

    expect(error.message).toBe('"us east 1" is not a valid AWS region.');
    expect(endpoint.actions).toEqual([]);
  });

  it('asks for a region when it is empty', () => {
    expect(() => createAwsClients({}).ec2('')).toThrow('No AWS region is set.');
  });
});

describe('missing credentials', () => {
  isolateAwsEnvironment({ withCredentials: false });

  it('says so in one sentence with a hint, and sends nothing', async () => {
    const endpoint = await endpointAnswering(emptyAnswer);

    const error: unknown = await discover(clientsWith({ endpointUrl: endpoint.url }), {
      regions: ['us-east-1'],
    }).catch((rejection: unknown) => rejection);

    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^No AWS credentials were found \(Describe\w+ in us-east-1\)\.$/);
    expect((error as { hint?: string }).hint).toContain('aws sso login');
    expect(endpoint.actions).toEqual([]);
  });

  it('names a profile that does not exist', async () => {
    const endpoint = await endpointAnswering(emptyAnswer);

    const error: unknown = await discover(clientsWith({ endpointUrl: endpoint.url, profile: 'nosuch' }), {
      regions: ['us-east-1'],
    }).catch((rejection: unknown) => rejection);

    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^No AWS credentials were found for profile "nosuch" \(Describe\w+ in us-east-1\)\.$/,
    );
    expect((error as { hint?: string }).hint).toContain('aws sso login --profile nosuch');
  });
});
