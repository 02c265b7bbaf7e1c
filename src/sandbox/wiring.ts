/**
 * Installs the simulator in a real SDK client as a finalizeRequest middleware placed after the retry
 * middleware and before request signing. It therefore runs inside the SDK's retry loop (throttles and 500s
 * are retried by the SDK's own strategy) and replaces only the HTTP exchange. Errors are rendered as the
 * service's XML error response and handed to the client's own protocol deserializer, so they reach the
 * caller exactly as the SDK raises AWS errors (EC2ServiceException & co, name = code, $fault, $metadata).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { STSClient } from '@aws-sdk/client-sts';
import { SimulatedError } from './sim/errors.js';
import type { Service } from './sim/simulator.js';
import type { CallRouter } from './world/world.js';

export type SandboxClient = EC2Client | ElasticLoadBalancingV2Client | STSClient | IAMClient | OrganizationsClient;

/** The query protocol's error envelope names the service's API namespace. */
export const QUERY_NAMESPACE: Readonly<Record<Exclude<Service, 'ec2' | 'organizations'>, string>> = {
  elbv2: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
};

/** Static fake credentials: no credential chain runs for a sandbox client. */
export const SANDBOX_CREDENTIALS = {
  accessKeyId: 'AKIASANDBOXEXAMPLE00',
  secretAccessKey: 'sandbox/secret/not/used/by/anything/000',
} as const;

const MIDDLEWARE_NAME = 'mirrorctlSandboxMiddleware';

interface MinimalResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

interface ProtocolLike {
  deserializeResponse(operationSchema: unknown, context: unknown, response: MinimalResponse): Promise<unknown>;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The service's error answer, as AWS sends it. */
export function errorBody(service: Service, error: SimulatedError, requestId: string): string {
  // Organizations speaks JSON 1.1: the error is a JSON object naming its type.
  if (service === 'organizations') return JSON.stringify({ __type: error.code, Message: error.message });
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  if (service === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  }
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${QUERY_NAMESPACE[service]}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** The ClientToken the SDK serialized when the caller left it out (an idempotency-token member). */
function serializedClientToken(request: unknown): string | undefined {
  const body = (request as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string' || !body.includes('ClientToken=')) return undefined;
  return new URLSearchParams(body).get('ClientToken') ?? undefined;
}

function withoutUndefined(output: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(output).filter(([, value]) => value !== undefined));
}

async function raiseAsSdkError(
  client: { readonly config: object },
  service: Service,
  context: Record<string, unknown>,
  error: SimulatedError,
  requestId: string,
): Promise<never> {
  const protocol = (client.config as unknown as { protocol: ProtocolLike }).protocol;
  const operationSchema = (context['__smithy_context'] as { operationSchema?: unknown } | undefined)?.operationSchema;
  const response: MinimalResponse = {
    statusCode: error.status,
    headers:
      service === 'organizations'
        ? { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code }
        : { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: new TextEncoder().encode(errorBody(service, error, requestId)),
  };
  await protocol.deserializeResponse(operationSchema, { ...client.config, ...context }, response);
  // The protocol always throws for an error status; reaching here means the SDK changed underneath us.
  throw new Error(`the SDK did not raise the simulated ${error.code} error`);
}

/** The access key the SDK resolved for this call (identity comes before the finalizeRequest step). */
function accessKeyOf(context: Record<string, unknown>): string | undefined {
  const smithy = context['__smithy_context'] as { selectedHttpAuthScheme?: { identity?: { accessKeyId?: unknown } } } | undefined;
  const key = smithy?.selectedHttpAuthScheme?.identity?.accessKeyId;
  return typeof key === 'string' ? key : undefined;
}

type Stack = EC2Client['middlewareStack'];

/**
 * The middleware that answers a call from the sandbox. `protocolOf` gives a client of the same service whose
 * protocol turns a simulated error into the SDK's exception.
 */
function install(stack: Stack, service: Service, region: string, router: CallRouter, protocolOf: () => { readonly config: object }): void {
  const middleware =
    (_next: unknown, context: Record<string, unknown> & { commandName?: string }) =>
    async (args: { input: unknown; request?: unknown }) => {
      const action = (context.commandName ?? '').replace(/Command$/, '');
      const requestId = router.nextRequestId();
      try {
        const output = await router.call(
          service,
          region,
          action,
          args.input as Record<string, unknown>,
          serializedClientToken(args.request),
          accessKeyOf(context),
        );
        return {
          output: { ...withoutUndefined(output), $metadata: { httpStatusCode: 200, requestId } },
          response: { statusCode: 200, headers: { 'x-amzn-requestid': requestId }, body: new Uint8Array() },
        };
      } catch (error) {
        if (!(error instanceof SimulatedError)) throw error;
        return raiseAsSdkError(protocolOf(), service, context, error, requestId);
      }
    };
  // The stack's middleware type is a union over steps; this one is a finalizeRequest middleware.
  stack.addRelativeTo(middleware as never, {
    name: MIDDLEWARE_NAME,
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    override: true,
  });
}

export interface WireOptions {
  /**
   * Keep the credentials the client was built with (temporary credentials from STS AssumeRole): the sandbox
   * then routes its calls to the account they were issued for. Default: static credentials of the file's caller.
   */
  readonly keepCredentials?: boolean;
}

export function wireClient(client: SandboxClient, service: Service, region: string, router: CallRouter, options: WireOptions = {}): void {
  if (options.keepCredentials !== true) (client.config as { credentials: unknown }).credentials = async () => SANDBOX_CREDENTIALS;
  install(client.middlewareStack as Stack, service, region, router, () => client);
}

/**
 * The same middleware as a plugin, for a client the caller never sees (the STS client inside the SDK's
 * fromTemporaryCredentials). Its errors are raised through `protocolClient`, a client of the same service.
 */
export function sandboxPlugin(service: Service, region: string, router: CallRouter, protocolClient: () => { readonly config: object }) {
  return { applyToStack: (stack: unknown) => install(stack as Stack, service, region, router, protocolClient) };
}
