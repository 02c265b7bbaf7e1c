/**
 * The simulator over HTTP on a loopback port, speaking the query protocols of EC2, ELBv2, STS and IAM: any
 * client that can point at an endpoint (an SDK with `endpoint`, the AWS CLI with `--endpoint-url`, mirrorctl
 * with `--endpoint-url`) talks to the simulated account as to AWS, and pays for HTTP and XML as it would.
 *
 * A request names its service and region in its SigV4 credential scope; the signature itself is not checked,
 * any credentials do. Requests are read and answers written from the SDK's operation schemas (operations.ts),
 * errors are the XML error bodies the in-process wiring hands the SDK.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatedError } from '../sim/errors.js';
import type { Simulator } from '../sim/simulator.js';
import { errorBody } from '../wiring.js';
import { operationSchema, servedService, type ServedService } from './operations.js';
import { readQueryInput } from './query-reader.js';
import { escapeText, writeMembers, type Output } from './xml-writer.js';

export interface SandboxServer {
  /** e.g. http://127.0.0.1:4566 */
  readonly url: string;
  readonly port: number;
  /** Answers sent so far and their body bytes, by action: what clients had to transfer and parse. */
  stats(): ServedStats;
  close(): Promise<void>;
}

export interface ServedStats {
  readonly answers: number;
  readonly bytes: number;
  readonly bytesByAction: Readonly<Record<string, number>>;
}

export interface ServeOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback by default: the simulated account answers anyone who can reach it. */
  readonly host?: string;
}

/** Query requests are a few kilobytes; anything far larger is not one. */
const MAX_REQUEST_BYTES = 1024 * 1024;

const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

class RequestProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new RequestProblem(413, 'RequestEntityTooLarge', `A request body is at most ${MAX_REQUEST_BYTES} bytes.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

interface Call {
  readonly served: ServedService;
  readonly region: string;
  readonly action: string;
  readonly input: Record<string, unknown>;
}

function parseCall(request: IncomingMessage, body: string): Call {
  const scope = CREDENTIAL_SCOPE.exec(request.headers.authorization ?? '');
  if (scope === null) {
    throw new RequestProblem(403, 'MissingAuthenticationToken', 'The request must be signed with AWS Signature Version 4 (any credentials).');
  }
  const [, region = '', signingName = ''] = scope;
  const served = servedService(signingName);
  if (served === undefined) {
    throw new RequestProblem(400, 'InvalidAction', `The sandbox serves EC2, Elastic Load Balancing v2, STS and IAM, not ${signingName}.`);
  }
  // A GET carries its parameters in the query string, a POST in a form body.
  const query = request.method === 'GET' ? (request.url ?? '').split('?')[1] ?? '' : body;
  const action = new URLSearchParams(query).get('Action') ?? '';
  const schema = operationSchema(served, action);
  if (schema === undefined) {
    throw new RequestProblem(400, 'InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`);
  }
  return { served, region, action, input: readQueryInput(query, schema[4], served.dialect) };
}

function answerXml(call: Call, output: object, requestId: string): string {
  const { served, action } = call;
  const schema = operationSchema(served, action)?.[5];
  const out: Output = { text: '<?xml version="1.0" encoding="UTF-8"?>\n', unit: served.indent };
  const step = served.indent;
  out.text += `<${action}Response xmlns="${served.namespace}">\n`;
  if (served.dialect === 'ec2') {
    out.text += `${step}<requestId>${escapeText(requestId)}</requestId>\n`;
    if (schema !== undefined) writeMembers(out, schema, output as Record<string, unknown>, 1);
  } else {
    out.text += `${step}<${action}Result>\n`;
    if (schema !== undefined) writeMembers(out, schema, output as Record<string, unknown>, 2);
    out.text += `${step}</${action}Result>\n`;
    out.text += `${step}<ResponseMetadata>\n${step}${step}<RequestId>${escapeText(requestId)}</RequestId>\n${step}</ResponseMetadata>\n`;
  }
  out.text += `</${action}Response>\n`;
  return out.text;
}

interface Tally {
  answers: number;
  bytes: number;
  readonly bytesByAction: Record<string, number>;
}

function send(response: ServerResponse, status: number, requestId: string, xml: string, tally: Tally, action: string): void {
  const body = Buffer.from(xml, 'utf8');
  tally.answers += 1;
  tally.bytes += body.length;
  tally.bytesByAction[action] = (tally.bytesByAction[action] ?? 0) + body.length;
  response.writeHead(status, {
    'content-type': 'text/xml;charset=UTF-8',
    'content-length': body.length,
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}

/** The account served, and the source of request ids (shared with the in-process clients, so ids never repeat). */
export interface ServedAccount {
  readonly simulator: Simulator;
  readonly nextRequestId: () => string;
}

async function handle({ simulator, nextRequestId }: ServedAccount, tally: Tally, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = nextRequestId();
  let call: Call | undefined;
  try {
    call = parseCall(request, await readBody(request));
    // Served answers are serialised and parsed: they carry what AWS's carry, to have its size.
    const output = await simulator.call(call.served.service, call.region, call.action, call.input, { awsDetails: true });
    send(response, 200, requestId, answerXml(call, output, requestId), tally, call.action);
  } catch (error) {
    const service = call?.served.service ?? 'ec2';
    if (error instanceof SimulatedError) {
      send(response, error.status, requestId, errorBody(service, error, requestId), tally, call?.action ?? '');
      return;
    }
    const problem =
      error instanceof RequestProblem
        ? error
        : new RequestProblem(500, 'InternalError', `The sandbox failed: ${error instanceof Error ? error.message : String(error)}`);
    const body = errorBody(service, new SimulatedError(problem.code, problem.message, problem.status), requestId);
    send(response, problem.status, requestId, body, tally, call?.action ?? '');
  }
}

export async function serveSimulator(account: ServedAccount, options: ServeOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const tally: Tally = { answers: 0, bytes: 0, bytesByAction: {} };
  const server: Server = createServer((request, response) => {
    void handle(account, tally, request, response);
  });
  // SDK clients keep connections open between pages; a short idle timeout would make them reconnect.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats: () => ({ answers: tally.answers, bytes: tally.bytes, bytesByAction: { ...tally.bytesByAction } }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
