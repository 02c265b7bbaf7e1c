/**
 * How every SDK client (EC2, ELBv2, STS, IAM) reaches its endpoint: bounded connection and request times, and
 * a note on each error of which endpoint, chosen by which setting, failed within which timeout, so the
 * message can name all three whatever the SDK or Node put in the error.
 */
import type { EndpointSource } from './endpoint.js';

/** Seconds to wait for an answer, per attempt. Describe pages and mutating calls answer well within it. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** A connection that is not up after this long goes to a black hole (firewall, wrong host), not a slow AWS. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * NodeHttpHandler options, in the config form every SDK v3 client accepts without importing the handler.
 * Without them EC2's socket timeout is 15 minutes and a request has no limit at all: an endpoint that accepts
 * and never answers keeps a plan silent for as long. `requestTimeout` bounds the wait for the headers,
 * `socketTimeout` any silence after them (an endpoint that sends headers and stops).
 */
export function requestHandlerOptions(timeoutSeconds: number): Record<string, unknown> {
  const timeoutMs = Math.max(1, Math.round(timeoutSeconds * 1000));
  return {
    connectionTimeout: Math.min(CONNECT_TIMEOUT_MS, timeoutMs),
    requestTimeout: timeoutMs,
    throwOnRequestTimeout: true,
    socketTimeout: timeoutMs,
  };
}

/** What an error of a traced client carries about the endpoint it was sent to. */
export interface EndpointTrace {
  /** Scheme, host and port, e.g. "https://ec2.us-east-1.amazonaws.com". */
  readonly endpoint: string;
  /** The setting that chose it; undefined for AWS's default endpoint or the profile's endpoint_url. */
  readonly source: EndpointSource | undefined;
  readonly timeoutSeconds: number;
}

const TRACE = Symbol.for('mirrorctl.endpointTrace');

interface TraceableClient {
  readonly middlewareStack: { add(middleware: never, options: { step: 'build'; name: string; override: boolean }): void };
}

interface RequestUri {
  readonly protocol?: string;
  readonly hostname?: string;
  readonly port?: number;
}

/**
 * Notes on every error the client throws where its request went. The build step sees the resolved URL (from
 * flag, environment, profile or AWS's default) and wraps every retry, so the note is on the final error.
 */
export function traceEndpoint(
  client: TraceableClient,
  source: EndpointSource | undefined,
  timeoutSeconds: number,
): void {
  const middleware =
    (next: (args: { request: unknown }) => Promise<unknown>) =>
    async (args: { request: unknown }): Promise<unknown> => {
      try {
        return await next(args);
      } catch (error) {
        const uri = args.request as RequestUri;
        if (typeof error === 'object' && error !== null && typeof uri.hostname === 'string' && !(TRACE in error)) {
          const port = uri.port === undefined ? '' : `:${uri.port}`;
          const trace: EndpointTrace = { endpoint: `${uri.protocol ?? 'https:'}//${uri.hostname}${port}`, source, timeoutSeconds };
          Object.defineProperty(error, TRACE, { value: trace, enumerable: false });
        }
        throw error;
      }
    };
  client.middlewareStack.add(middleware as never, { step: 'build', name: 'mirrorctlEndpointTrace', override: true });
}

export function endpointTrace(error: unknown): EndpointTrace | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as { [TRACE]?: EndpointTrace })[TRACE];
}
