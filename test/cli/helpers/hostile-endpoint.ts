/**
 * Loopback servers that fail the way real endpoints do: the wrong protocol, the wrong URL, a proxy's error
 * page, a reset connection, or silence. Each counts the requests (or connections) it received.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type HostileKind = 'http-404' | 'html-502' | 'reset' | 'accept-and-hang' | 'headers-then-stop';

export interface HostileEndpoint {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** Requests (HTTP servers) or connections (raw TCP servers) received. */
  readonly hits: () => number;
  close(): Promise<void>;
}

const BAD_GATEWAY =
  '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';

export async function startHostileEndpoint(kind: HostileKind): Promise<HostileEndpoint> {
  let hits = 0;
  const sockets = new Set<Socket>();
  const server: Server =
    kind === 'http-404' || kind === 'html-502'
      ? createHttpServer((request, response) => {
          hits += 1;
          request.resume();
          request.on('end', () => {
            if (kind === 'http-404') response.writeHead(404).end();
            else response.writeHead(502, { 'content-type': 'text/html' }).end(BAD_GATEWAY);
          });
        })
      : createTcpServer((socket) => {
          hits += 1;
          socket.on('error', () => {});
          socket.once('data', () => {
            if (kind === 'reset') socket.resetAndDestroy();
            else if (kind === 'headers-then-stop') {
              socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 4096\r\n\r\n<DescribeVpcsResponse>');
            }
          });
        });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
