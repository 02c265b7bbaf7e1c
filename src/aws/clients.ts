/**
 * SDK clients, one per region and service, configured the way AWS users expect: the SDK's default credential
 * chain (environment, SSO, shared files, container and instance roles), `--profile`, AWS_ENDPOINT_URL /
 * AWS_ENDPOINT_URL_EC2 and an explicit endpoint for LocalStack-style emulators.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../core/errors.js';
import type { Sandbox, SandboxClient } from '../sandbox/index.js';

export interface AwsOptions {
  /** Named profile of the shared config/credentials files; default: AWS_PROFILE, then "default". */
  profile?: string;
  /**
   * One endpoint for every service (LocalStack and similar). When absent the SDK itself honours
   * AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, then AWS_ENDPOINT_URL, then the
   * profile's `endpoint_url`; an explicit endpoint takes precedence over all of them.
   */
  endpointUrl?: string;
  /** Attempts per request, the first included. Default: AWS_MAX_ATTEMPTS if set, else 8. */
  maxAttempts?: number;
  /** Default: AWS_RETRY_MODE if set, else "standard". */
  retryMode?: 'standard' | 'adaptive';
  /** Route every client to this in-process simulator instead of AWS. */
  sandbox?: Sandbox;
}

export interface AwsClients {
  ec2(region: string): EC2Client;
  elbv2(region: string): ElasticLoadBalancingV2Client;
  /** STS and IAM are global services; the region picks the partition and STS's regional endpoint. */
  sts(region: string): STSClient;
  iam(region: string): IAMClient;
  readonly sandbox?: Sandbox;
  /** Closes the clients' keep-alive connections. */
  destroy(): void;
}

/**
 * Reads run in bursts of parallel Describe pages, and EC2 answers a burst above its per-account bucket with
 * RequestLimitExceeded. The SDK's 3 attempts give up after about 3 s of throttling backoff; 8 attempts ride
 * out roughly half a minute of throttling (full-jitter backoff from a 1 s base, capped at 20 s) while the
 * bucket refills, which is what a 10,000-instance region needs when another tool is busy in the account.
 */
export const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_RETRY_MODE = 'standard';

interface SharedClientConfig {
  readonly maxAttempts?: number;
  readonly retryMode?: string;
  readonly profile?: string;
  readonly endpoint?: string;
}

export function createAwsClients(options: AwsOptions): AwsClients {
  const config = sharedConfig(options);
  const ec2Clients = new Map<string, EC2Client>();
  const elbv2Clients = new Map<string, ElasticLoadBalancingV2Client>();
  const stsClients = new Map<string, STSClient>();
  const iamClients = new Map<string, IAMClient>();
  const connect = <C extends SandboxClient>(client: C, region: string): C => {
    options.sandbox?.attach(client, region);
    return client;
  };
  const clients: AwsClients = {
    ec2: (region) =>
      cached(ec2Clients, checkedRegion(region), () => connect(new EC2Client({ ...config, region }), region)),
    elbv2: (region) =>
      cached(elbv2Clients, checkedRegion(region), () =>
        connect(new ElasticLoadBalancingV2Client({ ...config, region }), region),
      ),
    sts: (region) =>
      cached(stsClients, checkedRegion(region), () => connect(new STSClient({ ...config, region }), region)),
    iam: (region) =>
      cached(iamClients, checkedRegion(region), () => connect(new IAMClient({ ...config, region }), region)),
    destroy: () => {
      for (const client of [...ec2Clients.values(), ...elbv2Clients.values()]) client.destroy();
      for (const client of [...stsClients.values(), ...iamClients.values()]) client.destroy();
      ec2Clients.clear();
      elbv2Clients.clear();
      stsClients.clear();
      iamClients.clear();
    },
  };
  return options.sandbox === undefined ? clients : { ...clients, sandbox: options.sandbox };
}

/**
 * Only what the user chose is set, so the SDK still reads everything else (AWS_PROFILE, AWS_ENDPOINT_URL*,
 * AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, the shared config file) exactly as the AWS CLI does.
 */
function sharedConfig(options: AwsOptions): SharedClientConfig {
  const maxAttempts =
    options.maxAttempts ?? (process.env['AWS_MAX_ATTEMPTS'] === undefined ? DEFAULT_MAX_ATTEMPTS : undefined);
  const retryMode =
    options.retryMode ?? (process.env['AWS_RETRY_MODE'] === undefined ? DEFAULT_RETRY_MODE : undefined);
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    throw new UserError(`--max-attempts must be a whole number of at least 1, not ${maxAttempts}.`);
  }
  return {
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(retryMode === undefined ? {} : { retryMode }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: checkedEndpoint(options.endpointUrl) }),
  };
}

function checkedRegion(region: string): string {
  if (region.trim() === '') {
    throw new UserError('No AWS region is set.', { hint: 'pass --region or set regions in the policy' });
  }
  return region;
}

function checkedEndpoint(endpointUrl: string): string {
  if (!URL.canParse(endpointUrl) || !/^https?:$/.test(new URL(endpointUrl).protocol)) {
    throw new UserError(`The endpoint URL "${endpointUrl}" is not an http(s) URL.`, {
      hint: 'pass e.g. --endpoint-url http://localhost:4566',
    });
  }
  return endpointUrl;
}

function cached<C>(clients: Map<string, C>, region: string, create: () => C): C {
  let client = clients.get(region);
  if (client === undefined) {
    client = create();
    clients.set(region, client);
  }
  return client;
}
