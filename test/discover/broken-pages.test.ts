import { afterEach, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { isUserError } from '../../src/core/errors.js';
import { isolateAwsEnvironment } from './helpers/aws-env.js';
import {
  EC2_NAMESPACE,
  emptyAnswer,
  startQueryEndpoint,
  type QueryAnswer,
  type QueryEndpoint,
} from './helpers/query-endpoint.js';

let endpoint: QueryEndpoint | undefined;
let clients: AwsClients | undefined;

afterEach(async () => {
  clients?.destroy();
  await endpoint?.close();
});

async function discoverAgainst(answer: (action: string) => QueryAnswer): Promise<unknown> {
  endpoint = await startQueryEndpoint(answer);
  clients = createAwsClients({ endpointUrl: endpoint.url, maxAttempts: 1 });
  return discover(clients, { regions: ['ap-south-1'] }).catch((error: unknown) => error);
}

describe('discovery fails closed on a broken answer', () => {
  isolateAwsEnvironment({ withCredentials: true });

  it('stops when EC2 hands back a page token it already gave', async () => {
    const result = await discoverAgainst((action) =>
      action === 'DescribeTrafficMirrorTargets'
        ? {
            body:
              `<DescribeTrafficMirrorTargetsResponse xmlns="${EC2_NAMESPACE}"><requestId>r</requestId>` +
              `<trafficMirrorTargetSet/><nextToken>page-2</nextToken></DescribeTrafficMirrorTargetsResponse>`,
          }
        : emptyAnswer(action),
    );

    expect(isUserError(result)).toBe(true);
    expect((result as Error).message).toBe(
      'EC2 returned the same DescribeTrafficMirrorTargets page token twice in ap-south-1.',
    );
    expect(endpoint?.actions.filter((action) => action === 'DescribeTrafficMirrorTargets')).toHaveLength(2);
  });

  it('refuses an interface without the VPC it lives in', async () => {
    const result = await discoverAgainst((action) =>
      action === 'DescribeNetworkInterfaces'
        ? {
            body:
              `<DescribeNetworkInterfacesResponse xmlns="${EC2_NAMESPACE}"><requestId>r</requestId><networkInterfaceSet>` +
              `<item><networkInterfaceId>eni-1</networkInterfaceId><interfaceType>interface</interfaceType></item>` +
              `</networkInterfaceSet></DescribeNetworkInterfacesResponse>`,
          }
        : emptyAnswer(action),
    );

    expect(isUserError(result)).toBe(true);
    expect((result as Error).message).toBe(
      'EC2 returned an incomplete DescribeNetworkInterfaces page in ap-south-1: VpcId is missing.',
    );
  });
});
