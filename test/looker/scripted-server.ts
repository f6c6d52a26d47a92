/**
 * A tiny HTTP server on 127.0.0.1 that answers each request as a test script says: a status with a JSON body, a
 * dropped connection once the request has arrived, or no answer at all. It records what it received (method,
 * path, query, Authorization, content type and body), so a test can assert what the client really sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Reply =
  | {
      readonly status: number;
      readonly json?: unknown;
      readonly text?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** The connection is destroyed after the whole request arrived: the client sees a reset after sending. */
  | { readonly drop: true }
  /** Never answered: the client's timeout ends it. */
  | { readonly hang: true };

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a server whose `script` answers the n-th request (0-based) it receives. */
export async function startScriptedServer(script: (request: Received, n: number) => Reply): Promise<ScriptedServer> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: Received = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.search,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      };
      received.push(request);
      const reply = script(request, received.length - 1);
      if ('drop' in reply) req.socket.destroy();
      else if (!('hang' in reply)) {
        const payload = reply.json === undefined ? (reply.text ?? '') : JSON.stringify(reply.json);
        const type = reply.json === undefined ? {} : { 'content-type': 'application/json' };
        res.writeHead(reply.status, { ...type, ...reply.headers }).end(payload);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
