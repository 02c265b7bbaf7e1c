/**
 * Failures of the endpoint itself rather than of an AWS API call: TLS to a plain-HTTP server, a connection
 * refused, reset or silent past the timeout, and answers that are not AWS's (a 404 from a wrong URL, a
 * proxy's HTML 502 page). Each becomes a sentence naming the endpoint and what happened, and a hint naming
 * the setting to change.
 */
import { STATUS_CODES } from 'node:http';
import { UserError } from '../core/errors.js';
import { describeSource } from './endpoint.js';
import { endpointTrace } from './transport.js';

export interface EndpointErrorContext {
  /** e.g. " (DescribeVpcs in us-east-1)". */
  readonly where: string;
  /** e.g. "EC2". */
  readonly service: string;
  /** The endpoint, when the error carries no trace (a client built without one). */
  readonly endpoint?: string;
}

interface ErrorFields {
  readonly name: string;
  readonly message: string;
  readonly code?: unknown;
  readonly hostname?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  readonly errors?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly attempts?: number };
  readonly $response?: { readonly statusCode?: number; readonly reason?: string };
}

const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
const TLS_CODE = /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/;
/** What OpenSSL says when the server answered a TLS hello in plain text. */
const PLAIN_TEXT_REPLY = /wrong version number|packet length too long|http request|unknown protocol/i;

/** A UserError when `error` is the endpoint's failure, undefined for anything else (AWS answers included). */
export function endpointFailure(error: Error, context: EndpointErrorContext): UserError | undefined {
  const fields = error as Error & ErrorFields;
  const trace = endpointTrace(error);
  const endpoint = trace?.endpoint ?? hostOf(fields) ?? context.endpoint;
  const named = endpoint === undefined ? 'the AWS endpoint' : `the endpoint ${endpoint}`;
  const Named = named.charAt(0).toUpperCase() + named.slice(1);
  const setting = trace?.source === undefined ? undefined : describeSource(trace.source);
  const fix = setting === undefined ? '' : `, or fix ${setting}`;
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const { where } = context;
  const options = (hint: string): { hint: string; cause: unknown } => ({ hint, cause: error });

  if ((code !== undefined && TLS_CODE.test(code)) || /SSL routines/.test(error.message)) {
    if (PLAIN_TEXT_REPLY.test(error.message)) {
      const plain = endpoint?.replace(/^https:/, 'http:');
      return new UserError(`${Named} does not speak TLS: it answered the https:// handshake in plain text${where}.`, options(
        `if it is a plain-HTTP emulator, use ${plain ?? 'an http:// URL'} in ${setting ?? '--endpoint-url'}`,
      ));
    }
    return new UserError(`The TLS connection to ${endpoint ?? 'the AWS endpoint'} failed (${code ?? 'TLS error'})${where}.`, options(
      `for a private CA, point NODE_EXTRA_CA_CERTS at its PEM file; check the host name${fix}`,
    ));
  }
  if (code !== undefined && RESET.has(code)) {
    return new UserError(`${Named} closed the connection (${code})${where}.`, options(
      `check that it serves the ${context.service} API over ${endpoint?.startsWith('http:') === true ? 'HTTP' : 'HTTPS'} on that port, and that no proxy or firewall cuts it${fix}`,
    ));
  }
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new UserError(`Cannot reach ${named} (${code})${where}.`, options(
      `check the network and proxy${setting === undefined ? ', and --endpoint-url / AWS_ENDPOINT_URL if set' : fix}`,
    ));
  }
  if (error.name === 'TimeoutError' || code === 'ETIMEDOUT') {
    const seconds = trace?.timeoutSeconds;
    const attempts = fields.$metadata?.attempts ?? 1;
    const tries = attempts === 1 ? '' : ` on any of ${attempts} attempts`;
    const connecting = /establish a connection/.test(error.message);
    const what = connecting
      ? `Could not connect to ${endpoint ?? 'the AWS endpoint'} within ${seconds === undefined ? 'the timeout' : `${Math.min(5, seconds)} s`}`
      : `${Named} did not answer within ${seconds === undefined ? 'the timeout' : `${seconds} s`}`;
    return new UserError(`${what}${tries}${where}.`, options(
      `if it is just slow, raise --timeout SECONDS${seconds === undefined ? '' : ` (now ${seconds})`}; otherwise check the network${fix}`,
    ));
  }
  const status = fields.$metadata?.httpStatusCode ?? fields.$response?.statusCode;
  // 429 is throttling whoever sends it; the caller reports that.
  if (status !== undefined && status !== 429 && fields.$metadata?.requestId === undefined && !isAwsErrorBody(fields)) {
    const reason = fields.$response?.reason ?? STATUS_CODES[status];
    return new UserError(
      `${Named} answered with HTTP ${status}${reason === undefined ? '' : ` ${reason}`}, which is not an ${context.service} API response${where}.`,
      options(notAwsHint(status, context.service, setting)),
    );
  }
  return undefined;
}

/** The SDK names an error "Unknown" when the body had no AWS error code, and says so when it could not parse it. */
function isAwsErrorBody(error: ErrorFields): boolean {
  const unknown = (text: string): boolean => text === 'Unknown' || text === 'UnknownError';
  return !(unknown(error.name) || unknown(error.message) || /Deserialization error/.test(error.message));
}

function notAwsHint(status: number, service: string, setting: string | undefined): string {
  const check = setting ?? '--endpoint-url / AWS_ENDPOINT_URL';
  if (status >= 500) return `a proxy or gateway answered for a service that is down or unreachable: check the service behind it and retry, or fix ${check}`;
  if (status === 404 || status === 405) {
    return `nothing serves the ${service} API at that URL: ${check} must be the root URL of an ${service}-compatible endpoint, e.g. http://localhost:4566`;
  }
  return `something other than the ${service} API answered (a proxy or captive portal?): check ${check}`;
}

/** Node reports the host differently per failure; a dual-stack connect failure is an AggregateError. */
function hostOf(error: Omit<ErrorFields, 'name' | 'message'>): string | undefined {
  if (typeof error.hostname === 'string') return error.hostname;
  if (typeof error.address === 'string') {
    return typeof error.port === 'number' ? `${error.address}:${error.port}` : error.address;
  }
  if (Array.isArray(error.errors) && error.errors[0] instanceof Error) {
    return hostOf(error.errors[0] as Error & ErrorFields);
  }
  return undefined;
}
