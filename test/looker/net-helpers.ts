/**
 * Real network pieces on 127.0.0.1 for the proxy and TLS tests: a forward proxy (CONNECT and plain forwarding)
 * that counts what went through it, a TLS front for the fake Looker, and a self-signed certificate made with
 * openssl at test time. The proxy resolves every host name to 127.0.0.1, as a corporate proxy resolves names
 * the client cannot: a request to `looker.test` can only succeed through it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';

export const TEST_HOST = 'looker.test';

export interface TestProxy {
  readonly url: string;
  readonly port: number;
  /** CONNECT targets (host:port), one per tunnel. */
  readonly connects: string[];
  /** Absolute-URI requests forwarded as plain HTTP. */
  readonly forwarded: string[];
  /** Proxy-Authorization headers seen (decoded `user:password`), for the credential assertions. */
  readonly credentials: string[];
  close(): Promise<void>;
}

function decodeAuth(req: IncomingMessage): string | undefined {
  const header = req.headers['proxy-authorization'];
  if (typeof header !== 'string' || !/^basic /i.test(header)) return undefined;
  return Buffer.from(header.slice(6), 'base64').toString('utf8');
}

/** A forward proxy; with `requireAuth` ("user:password") anything else is answered 407. */
export async function startProxy(options: { requireAuth?: string } = {}): Promise<TestProxy> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const credentials: string[] = [];
  const sockets = new Set<Socket>();
  const allowed = (req: IncomingMessage) => {
    const auth = decodeAuth(req);
    if (auth !== undefined) credentials.push(auth);
    return options.requireAuth === undefined || auth === options.requireAuth;
  };
  const server: Server = createServer((req, res) => {
    if (!allowed(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    forwarded.push(req.url ?? '');
    const target = new URL(req.url ?? '/');
    const upstream = request(
      {
        host: '127.0.0.1',
        port: Number(target.port || 80),
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    if (!allowed(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    connects.push(req.url ?? '');
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    forwarded,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface Certificate {
  readonly dir: string;
  readonly certFile: string;
  readonly cert: string;
  readonly key: string;
  remove(): void;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate for looker.test, localhost and 127.0.0.1 (an EC key: quick to make). */
export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'looker-audit-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${TEST_HOST}`,
      '-addext',
      `subjectAltName=DNS:${TEST_HOST},DNS:localhost,IP:127.0.0.1`,
    ],
    { stdio: 'ignore' },
  );
  return {
    dir,
    certFile,
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsFront {
  readonly port: number;
  close(): Promise<void>;
}

/** TLS on 127.0.0.1 in front of a plain-HTTP server (the fake Looker): https://127.0.0.1:<port> reaches it. */
export async function startTlsFront(certificate: Certificate, backendPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  const server: TlsServer = createTlsServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    const backend = connect(backendPort, '127.0.0.1');
    sockets.add(socket);
    sockets.add(backend);
    socket.pipe(backend).pipe(socket);
    const drop = () => {
      socket.destroy();
      backend.destroy();
    };
    socket.on('error', drop);
    backend.on('error', drop);
    socket.on('close', () => sockets.delete(socket));
    backend.on('close', () => sockets.delete(backend));
  });
  // A failed handshake (the client refusing the certificate) is the test's expected outcome, not an error here.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
