/**
 * A loopback HTTP server that speaks just enough of the EC2 query protocol (form-encoded Action, XML
 * answers) to check where the real SDK client sends its requests and how real AWS error bodies read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QueryAnswer {
  readonly status?: number;
  readonly body: string;
}

export interface QueryEndpoint {
  readonly url: string;
  /** Actions received, in order. */
  readonly actions: string[];
  close(): Promise<void>;
}

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** An empty but valid answer: every list the SDK expects is simply absent. */
export function emptyAnswer(action: string): QueryAnswer {
  return { body: `<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>r-1</requestId></${action}Response>` };
}

export function errorAnswer(status: number, code: string, message: string): QueryAnswer {
  return {
    status,
    body:
      `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code>` +
      `<Message>${message}</Message></Error></Errors><RequestID>r-1</RequestID></Response>`,
  };
}

/** VPCs in the order given, each tagged with its Name. */
export function describeVpcsAnswer(vpcs: readonly { id: string; name: string }[]): QueryAnswer {
  const items = vpcs.map(
    ({ id, name }) =>
      `<item><vpcId>${id}</vpcId><tagSet><item><key>Name</key><value>${name}</value></item></tagSet></item>`,
  );
  return {
    body:
      `<DescribeVpcsResponse xmlns="${EC2_NAMESPACE}"><requestId>r-1</requestId>` +
      `<vpcSet>${items.join('')}</vpcSet></DescribeVpcsResponse>`,
  };
}

export async function startQueryEndpoint(answer: (action: string) => QueryAnswer): Promise<QueryEndpoint> {
  const actions: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      actions.push(action);
      const { status = 200, body: xml } = answer(action);
      response.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
      response.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actions,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
