/**
 * The got instance is per account: base URL, timeout and TLS settings live on it, never in process-wide
 * state (NODE_TLS_REJECT_UNAUTHORIZED), and got's own retry is off (the client's loop retries with `sleep`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from '@jest/globals';
import got, { type ExtendOptions, type Got } from 'got';
import type { Api3AccountConfig as AccountConfig } from '../../src/config/types.js';
import { createLookerClient } from '../../src/looker/client.js';

const dir = mkdtempSync(join(tmpdir(), 'looker-audit-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function captured(account: Partial<AccountConfig>, env: NodeJS.ProcessEnv = {}): ExtendOptions {
  let options: ExtendOptions | undefined;
  const stub = {
    extend: (extension: ExtendOptions) => {
      options = extension;
      return got.extend(extension);
    },
  } as unknown as Got;
  createLookerClient({
    account: {
      name: 'a',
      url: 'https://acme.cloud.looker.com',
      clientId: 'id',
      secret: { kind: 'env', name: 'X' },
      verifyTls: true,
      timeoutMs: 1234,
      allowInsecureHttp: false,
      ...account,
    },
    resolveSecret: async () => 'never-called',
    got: stub,
    env,
  });
  if (!options) throw new Error('the client did not extend the got instance it was given');
  return options;
}

describe('per-account got options', () => {
  it('base URL under /api/4.0, the account timeout, no got retry, no redirects', () => {
    const options = captured({});
    expect(options).toMatchObject({
      prefixUrl: 'https://acme.cloud.looker.com/api/4.0/',
      timeout: { request: 1234 },
      retry: { limit: 0 },
      followRedirect: false,
    });
  });

  it('verifyTls false turns verification off for this account only, not process-wide', () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    expect(captured({ verifyTls: false }).https).toMatchObject({ rejectUnauthorized: false });
    expect(captured({ verifyTls: true }).https).toMatchObject({ rejectUnauthorized: true });
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(before);
  });

  // Node's `ca` replaces the trusted store: ca_file alone would drop the public roots.
  it('caFile is added to the public roots and NODE_EXTRA_CA_CERTS, it does not replace them', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nTUlJ\n-----END CERTIFICATE-----\n';
    const extraPem = '-----BEGIN CERTIFICATE-----\nRVhUUkE=\n-----END CERTIFICATE-----\n';
    const caFile = join(dir, 'ca.pem');
    const extraFile = join(dir, 'extra.pem');
    writeFileSync(caFile, pem);
    writeFileSync(extraFile, extraPem);
    const withFile = (captured({ caFile }).https as { certificateAuthority?: string[] }).certificateAuthority;
    expect(withFile).toEqual([...rootCertificates, pem]);
    expect(rootCertificates.length).toBeGreaterThan(50);
    const withExtra = (
      captured({ caFile }, { NODE_EXTRA_CA_CERTS: extraFile }).https as { certificateAuthority?: string[] }
    ).certificateAuthority;
    expect(withExtra).toEqual([...rootCertificates, extraPem, pem]);
    // Without ca_file Node's default store (bundled roots + NODE_EXTRA_CA_CERTS, read at start-up) is kept as is.
    expect((captured({}).https as { certificateAuthority?: unknown }).certificateAuthority).toBeUndefined();
  });

  it('creating a client does not resolve the secret (only a login does)', () => {
    let resolved = 0;
    createLookerClient({
      account: {
        name: 'a',
        url: 'https://acme.cloud.looker.com',
        clientId: 'id',
        secret: { kind: 'env', name: 'X' },
        verifyTls: true,
        timeoutMs: 1000,
        allowInsecureHttp: false,
      },
      resolveSecret: async () => {
        resolved++;
        return 's';
      },
    });
    expect(resolved).toBe(0);
  });
});
