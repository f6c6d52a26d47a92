/**
 * The starter config `init` writes, and the checks of each answer, taken from the config
 * schema itself so a value init accepts is one the config loader accepts. The secret is never in it: only the name
 * of the environment variable that holds it. PURE.
 */
import { isIP } from 'node:net';
import { stringify } from 'yaml';
import { accountSchema } from './schema.js';
import { normaliseLookerUrl } from './url.js';

export interface StarterAccount {
  readonly name: string;
  readonly url: string;
  readonly clientId: string;
  readonly secretEnv: string;
}

/** null when the value is fine, else what is wrong with it (one phrase). */
export type Check = (value: string) => string | null;

function fieldCheck(field: 'name' | 'client_id' | 'client_secret_env'): Check {
  return (value) => {
    const result = accountSchema.shape[field].safeParse(value);
    return result.success ? null : (result.error.issues[0]?.message ?? 'is not valid');
  };
}

export const STARTER_CHECKS: Readonly<Record<keyof StarterAccount, Check>> = {
  name: fieldCheck('name'),
  url: (value) => {
    const normalised = normaliseLookerUrl(value);
    return 'problem' in normalised ? normalised.problem : null;
  },
  clientId: (value) => fieldCheck('client_id')(value) ?? (/\s/.test(value) ? 'must not contain spaces' : null),
  secretEnv: (value) =>
    fieldCheck('client_secret_env')(value) === null
      ? null
      : 'must be the NAME of an environment variable (letters, digits, _), not the secret itself',
};

/** `https://acme.cloud.looker.com` -> `acme`: the instance's own first label, a name people recognise. */
export function defaultAccountName(url: string): string {
  try {
    const host = new URL(url.trim()).hostname;
    // An address says nothing about the instance; `localhost` neither.
    if (isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0 || host === 'localhost') return 'looker';
    const label = host.split('.')[0] ?? '';
    return STARTER_CHECKS.name(label) === null && label !== '' ? label : 'looker';
  } catch {
    return 'looker';
  }
}

/** `acme` -> `LOOKER_ACME_CLIENT_SECRET`. */
export function defaultSecretEnv(name: string): string {
  const part = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return part === '' ? 'LOOKER_CLIENT_SECRET' : `LOOKER_${part}_CLIENT_SECRET`;
}

export function renderStarterConfig(account: StarterAccount): string {
  const body = stringify({
    accounts: [
      {
        name: account.name,
        url: account.url.trim(),
        client_id: account.clientId,
        client_secret_env: account.secretEnv,
      },
    ],
  });
  return [
    '# looker-audit config, written by `looker-audit init`.',
    `# The client secret is read from the environment variable ${account.secretEnv} at login; it is never stored here.`,
    '# Add an account per Looker instance under accounts: (each with its own client_secret_env).',
    body.trimEnd(),
    // Indented under the account: uncommented, it is that account's key.
    '    # concurrency: 8     # requests in flight to this instance at once (1 to 32): keep it low, Looker asks for that',
    '',
    '# Optional (see the README, "Configuration"):',
    '# rules: torii            # torii | looker | system-activity | ./my-rules.yaml',
    '# inactive_days: 90',
    '# prices: { developer: 1650, standard: 800, viewer: 400 }   # per seat per year: summary, people, check',
    '# policy:',
    '#   max_seats: { developer: 5 }',
    '#   allowed_developers: [alice@example.com]',
    '',
  ].join('\n');
}
