/**
 * `demo`: the whole tool against the built-in sample Looker instance on loopback, so a newcomer sees real
 * output with no Looker at hand. `demo rightsize` shows right-sizing on its System Activity; `demo --serve` keeps
 * that instance running and prints a config for it.
 */
import { once } from 'node:events';
import type { AuditConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { Io } from '../output/io.js';
import type {
  AuditCommandOptions,
  DemoOptions,
  PlanCommandOptions,
  ReportOptions,
  RightsizeOptions,
} from './shared/options.js';
import type { Outcome } from './shared/outcome.js';

/**
 * The commands a demo runs on the sample instance, each with the sample's config. cli/ hands them in, so that no
 * command module imports another (and each still loads only when it runs).
 */
export interface DemoCommands {
  readonly users: (options: AuditCommandOptions<'users'>, config: AuditConfig) => Promise<Outcome>;
  readonly rightsize: (options: RightsizeOptions, config: AuditConfig) => Promise<Outcome>;
  readonly report: (options: ReportOptions, config: AuditConfig) => Promise<Outcome>;
  readonly plan: (options: PlanCommandOptions, config: AuditConfig) => Promise<Outcome>;
}

/** Sample list prices (per seat and year), so the demo shows costs and savings as a configured run does. */
const SAMPLE_PRICES = { developer: 1650, standard: 800, viewer: 400 };

/**
 * Where `demo plan` lowers seats: the main sample's role for a Standard seat and group for a Viewer one. The
 * second instance (a sandbox) has neither name, which its plan shows.
 */
const SAMPLE_REMEDIATION = { roles: { standard: 'Explorer' }, groups: { viewer: 'Finance' } };

/** The variable `demo --serve`'s config reads the sample secret from. */
export const DEMO_SECRET_ENV = 'LOOKER_AUDIT_DEMO_SECRET';

/**
 * The same instance as a person without an API key logs in to it (OAuth), as comments to uncomment: an account
 * nobody has logged in to yet would fail every run of the config as printed. The sample consents at once.
 */
function oauthVariant(url: string, app: { readonly clientId: string; readonly redirectUri: string }): string[] {
  return [
    '# OAuth, as a person without an API key logs in: uncomment the account below (remove the first #), then run',
    '#   looker-audit login -a sample-oauth    # the sample consents at once, as its first user (an admin)',
    '#   looker-audit users -a sample-oauth',
    `# The login listens on ${app.redirectUri}, the redirect the sample's OAuth app is registered with.`,
    '#  - name: sample-oauth',
    `#    url: ${url}`,
    '#    auth: oauth',
    `#    client_id: ${app.clientId}`,
  ];
}

export async function runDemo(options: DemoOptions, io: Io, commands: DemoCommands): Promise<Outcome> {
  const { startFakeLooker, SAMPLE_CREDENTIALS, SAMPLE_OAUTH_CLIENT } = await import('../fake-looker/index.js');
  const fake = await startFakeLooker({ port: options.port }).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
      throw new UsageError(`--port ${options.port}: port ${options.port} on 127.0.0.1 ${why}: choose another`);
    }
    throw error;
  });
  try {
    if (options.serve) {
      io.stdout.write(
        [
          `# The looker-audit sample instance is serving at ${fake.url}/api/4.0 until interrupted (Ctrl-C).`,
          '# Save this as looker-audit.yaml (sample values, not secrets), then in the shell that runs looker-audit:',
          `#   export ${DEMO_SECRET_ENV}=${SAMPLE_CREDENTIALS.clientSecret}`,
          '#   looker-audit users',
          // The secret by its variable, as in any real config: a literal one in a file saved with the usual umask
          // (0644) would draw the loader's "readable by others" warning on every run.
          'accounts:',
          '  - name: sample',
          `    url: ${fake.url}`,
          `    client_id: ${SAMPLE_CREDENTIALS.clientId}`,
          `    client_secret_env: ${DEMO_SECRET_ENV}`,
          ...oauthVariant(fake.url, SAMPLE_OAUTH_CLIENT),
          // The sample's list prices, so summary, people and rightsize show money as `demo -f html` does.
          `prices: { developer: ${SAMPLE_PRICES.developer}, standard: ${SAMPLE_PRICES.standard}, viewer: ${SAMPLE_PRICES.viewer} }   # per seat per year, USD`,
          '',
        ].join('\n'),
      );
      // Until the user stops it (Ctrl-C): the stop signal of the process boundary.
      if (io.stop !== undefined && !io.stop.aborted) await once(io.stop, 'abort');
      return 'ok';
    }
    const account = (name: string, url: string) => ({
      name,
      url,
      clientId: SAMPLE_CREDENTIALS.clientId,
      secret: { kind: 'literal' as const, value: SAMPLE_CREDENTIALS.clientSecret },
      verifyTls: true,
      timeoutMs: 30_000,
      allowInsecureHttp: false,
    });
    const config: AuditConfig = {
      file: '(built-in sample instance)',
      accounts: [account('sample', fake.url)],
      policy: { accounts: {} },
      warnings: [],
    };
    if (options.command === 'plan') {
      const { sandboxOrganisation, sandboxActivity } = await import('../fake-looker/index.js');
      const sandbox = await startFakeLooker({
        org: sandboxOrganisation(),
        systemActivity: { activity: sandboxActivity() },
      });
      try {
        const plan: PlanCommandOptions = { ...options, source: 'rightsize', includeServiceAccounts: false };
        return await commands.plan(plan, {
          ...config,
          accounts: [...config.accounts, account('sandbox', sandbox.url)],
          prices: SAMPLE_PRICES,
          remediation: SAMPLE_REMEDIATION,
        });
      } finally {
        await sandbox.close();
      }
    }
    if (options.command === 'rightsize') return await commands.rightsize(options, { ...config, prices: SAMPLE_PRICES });
    // `demo -f html`: the whole HTML report rather than the users table alone.
    const { format } = options;
    if (format === 'html') {
      const report = { ...options, format, history: [], inactiveDays: 90 };
      return await commands.report(report, { ...config, prices: SAMPLE_PRICES });
    }
    return await commands.users({ ...options, format, filter: { status: 'all' }, history: [], compare: false }, config);
  } finally {
    await fake.close();
  }
}
