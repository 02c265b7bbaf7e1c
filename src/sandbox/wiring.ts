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
import type { STSClient } from '@aws-sdk/client-sts';
import { SimulatedError } from './sim/errors.js';
import type { Service, Simulator } from './sim/simulator.js';

export type SandboxClient = EC2Client | ElasticLoadBalancingV2Client | STSClient | IAMClient;

/** The query protocol's error envelope names the service's API namespace. */
export const QUERY_NAMESPACE: Readonly<Record<Exclude<Service, 'ec2'>, string>> = {
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

/** The service's XML error answer, as AWS sends it. */
export function errorBody(service: Service, error: SimulatedError, requestId: string): string {
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
  client: SandboxClient,
  service: Service,
  context: Record<string, unknown>,
  error: SimulatedError,
  requestId: string,
): Promise<never> {
  const protocol = (client.config as unknown as { protocol: ProtocolLike }).protocol;
  const operationSchema = (context['__smithy_context'] as { operationSchema?: unknown } | undefined)?.operationSchema;
  const response: MinimalResponse = {
    statusCode: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: new TextEncoder().encode(errorBody(service, error, requestId)),
  };
  await protocol.deserializeResponse(operationSchema, { ...client.config, ...context }, response);
  // The protocol always throws for an error status; reaching here means the SDK changed underneath us.
  throw new Error(`the SDK did not raise the simulated ${error.code} error`);
}

export function wireClient(client: SandboxClient, service: Service, region: string, simulator: Simulator): void {
  (client.config as { credentials: unknown }).credentials = async () => SANDBOX_CREDENTIALS;
  const middleware =
    (_next: unknown, context: { commandName?: string }) =>
    async (args: { input: unknown; request?: unknown }) => {
      const action = (context.commandName ?? '').replace(/Command$/, '');
      const requestId = simulator.nextRequestId();
      try {
        const output = await simulator.call(
          service,
          region,
          action,
          args.input as Record<string, unknown>,
          { sdkClientToken: serializedClientToken(args.request) },
        );
        return {
          output: { ...withoutUndefined(output), $metadata: { httpStatusCode: 200, requestId } },
          response: { statusCode: 200, headers: { 'x-amzn-requestid': requestId }, body: new Uint8Array() },
        };
      } catch (error) {
        if (!(error instanceof SimulatedError)) throw error;
        return raiseAsSdkError(client, service, context as Record<string, unknown>, error, requestId);
      }
    };
  // The stack's middleware type is a union over steps; this one is a finalizeRequest middleware.
  (client.middlewareStack as EC2Client['middlewareStack']).addRelativeTo(middleware as never, {
    name: MIDDLEWARE_NAME,
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    override: true,
  });
}
