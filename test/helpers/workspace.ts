/** A temp folder per test file with small helpers to write configs into it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_CREDENTIALS } from '../../src/fake-looker/index.js';

export interface Workspace {
  readonly dir: string;
  write(name: string, content: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createWorkspace(prefix = 'looker-audit-test-'): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    write: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, content, { mode: 0o600 });
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface AccountSpec {
  readonly name: string;
  readonly url: string;
  readonly clientId: string;
  readonly secretEnv: string;
}

/** A YAML config whose secrets come from env variables (the recommended form). */
export function configYaml(accounts: readonly AccountSpec[], extra = ''): string {
  const lines = ['accounts:'];
  for (const a of accounts) {
    lines.push(
      `  - name: ${a.name}`,
      `    url: ${a.url}`,
      `    client_id: ${a.clientId}`,
      `    client_secret_env: ${a.secretEnv}`,
    );
  }
  return `${lines.join('\n')}\n${extra}`;
}

/** The environment that holds the sample instance's secret, as `sampleAccount` names it. */
export const SAMPLE_ENV: Readonly<Record<string, string>> = { SAMPLE_SECRET: SAMPLE_CREDENTIALS.clientSecret };

/** A sample instance's account at `url`, its secret read from SAMPLE_ENV. */
export const sampleAccount = (url: string, name = 'sample'): AccountSpec => ({
  name,
  url,
  clientId: SAMPLE_CREDENTIALS.clientId,
  secretEnv: 'SAMPLE_SECRET',
});
