/**
 * SDK clients, one per region and service, configured the way AWS users expect: the SDK's default credential
 * chain (environment, SSO, shared files, container and instance roles), `--profile`, AWS_ENDPOINT_URL /
 * AWS_ENDPOINT_URL_EC2 and an explicit endpoint for LocalStack-style emulators (checked before any call),
 * and bounded connection and answer times.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { UserError } from '../core/errors.js';
import type { Sandbox } from '../sandbox/index.js';
import { configuredEndpoint, type EndpointService } from './endpoint.js';
import { DEFAULT_TIMEOUT_SECONDS, requestHandlerOptions, traceEndpoint } from './transport.js';

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
  /** Seconds to wait for each answer (and at most 5 s for the connection). Default 30. */
  timeoutSeconds?: number;
  /** Route every client to this in-process simulator instead of AWS. */
  sandbox?: Sandbox;
  /**
   * Credentials for every client instead of the default chain: a role assumed in another account (see
   * assume-role.ts). With a sandbox they also pick the simulated account the calls reach.
   */
  credentials?: AwsCredentialIdentityProvider;
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

export interface SharedClientConfig {
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly maxAttempts?: number;
  readonly retryMode?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly requestHandler: Record<string, unknown>;
}

export function createAwsClients(options: AwsOptions): AwsClients {
  const ec2 = clientSetup('EC2', options);
  const elbv2 = clientSetup('ELASTIC_LOAD_BALANCING_V2', options);
  const ec2Clients = new Map<string, EC2Client>();
  const elbv2Clients = new Map<string, ElasticLoadBalancingV2Client>();
  const sts = clientSetup('STS', options);
  const iam = clientSetup('IAM', options);
  const stsClients = new Map<string, STSClient>();
  const iamClients = new Map<string, IAMClient>();
  const clients: AwsClients = {
    ec2: (region) =>
      cached(ec2Clients, checkedRegion(region), () => ec2.connect(new EC2Client({ ...ec2.config, region }), region)),
    elbv2: (region) =>
      cached(elbv2Clients, checkedRegion(region), () =>
        elbv2.connect(new ElasticLoadBalancingV2Client({ ...elbv2.config, region }), region),
      ),
    sts: (region) =>
      cached(stsClients, checkedRegion(region), () => sts.connect(new STSClient({ ...sts.config, region }), region)),
    iam: (region) =>
      cached(iamClients, checkedRegion(region), () => iam.connect(new IAMClient({ ...iam.config, region }), region)),
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

/** What any SDK client of mirrorctl's (EC2, ELBv2, STS, IAM) is built with, and how it is wired once built. */
export interface ClientSetup {
  readonly config: SharedClientConfig;
  connect<C extends Parameters<typeof traceEndpoint>[0]>(client: C, region: string): C;
}

/**
 * Checks the endpoint settings of `service` (throwing a UserError for a bad one) and returns the config to
 * build its clients with, and `connect` to route a built client to the sandbox or trace its endpoint.
 */
export function clientSetup(service: EndpointService, options: AwsOptions): ClientSetup {
  const config = sharedConfig(options);
  // Checked for a sandbox too: the SDK resolves (and chokes on) the endpoint before the sandbox takes the call.
  const endpoint = configuredEndpoint(service, options.endpointUrl);
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    config,
    connect(client, region) {
      if (options.sandbox === undefined) traceEndpoint(client, endpoint?.source, timeoutSeconds);
      else {
        const keepCredentials = options.credentials !== undefined;
        options.sandbox.attach(client as unknown as Parameters<Sandbox['attach']>[0], region, { keepCredentials });
      }
      return client;
    },
  };
}

/**
 * Only what the user chose is set, so the SDK still reads everything else (AWS_PROFILE, AWS_ENDPOINT_URL*,
 * AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, the shared config file) exactly as the AWS CLI does.
 */
export function sharedConfig(options: AwsOptions): SharedClientConfig {
  const maxAttempts =
    options.maxAttempts ?? (process.env['AWS_MAX_ATTEMPTS'] === undefined ? DEFAULT_MAX_ATTEMPTS : undefined);
  const retryMode =
    options.retryMode ?? (process.env['AWS_RETRY_MODE'] === undefined ? DEFAULT_RETRY_MODE : undefined);
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    throw new UserError(`--max-attempts must be a whole number of at least 1, not ${maxAttempts}.`);
  }
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) {
    throw new UserError(`--timeout must be a number of seconds above 0, not ${timeoutSeconds}.`);
  }
  return {
    requestHandler: requestHandlerOptions(timeoutSeconds),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(retryMode === undefined ? {} : { retryMode }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
  };
}

function checkedRegion(region: string): string {
  if (region.trim() === '') {
    throw new UserError('No AWS region is set.', { hint: 'pass --region or set regions in the policy' });
  }
  return region;
}

function cached<C>(clients: Map<string, C>, region: string, create: () => C): C {
  let client = clients.get(region);
  if (client === undefined) {
    client = create();
    clients.set(region, client);
  }
  return client;
}
