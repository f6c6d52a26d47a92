/**
 * `summary --format prometheus`: a textfile for node_exporter's textfile collector (Prometheus text exposition
 * format 0.0.4). PURE.
 *
 * Gauges, each with HELP and TYPE: seats per account and tier, users, inactive seats per tier (with an inactivity
 * window), yearly cost and inactive cost (with prices), API calls, and per account `looker_audit_account_failed`
 * (1 for an account that could not be audited, 0 otherwise) and the time of its last successful audit. A failed
 * account has no seat series at all rather than zeros, so a dashboard shows a gap, not a drop to nothing; its
 * last-success time is carried over from the previous textfile when the caller passes it, so
 * `time() - looker_audit_last_success_timestamp_seconds` grows while the account keeps failing.
 *
 * Label values escape `\`, `"` and line breaks as the format requires, after control characters are removed.
 */
import type { ReportSummary } from '../audit/summary.js';
import { sanitize } from '../sanitize.js';
import { TIERS } from '../vocabulary.js';

const SEAT_TIERS = TIERS;

export interface PrometheusOptions {
  /** Last success per account name (seconds since the epoch), read from the previous textfile. */
  readonly previousSuccess?: ReadonlyMap<string, number>;
}

function label(value: string): string {
  return sanitize(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

class Exposition {
  private out = '';
  gauge(name: string, help: string, samples: readonly [Record<string, string>, number][]): void {
    if (samples.length === 0) return;
    this.out += `# HELP ${name} ${help}\n# TYPE ${name} gauge\n`;
    for (const [labels, value] of samples) {
      const text = Object.entries(labels)
        .map(([k, v]) => `${k}="${label(v)}"`)
        .join(',');
      this.out += `${name}${text === '' ? '' : `{${text}}`} ${Number.isFinite(value) ? String(value) : 'NaN'}\n`;
    }
  }
  toString(): string {
    return this.out;
  }
}

export function renderSummaryPrometheus(summary: ReportSummary, options: PrometheusOptions = {}): string {
  const ok = summary.accounts.filter((a) => a.error === null);
  const at = Math.floor(Date.parse(summary.generatedAt) / 1000);
  const x = new Exposition();
  x.gauge(
    'looker_audit_seats',
    'Licence seats held by active regular and service users, per account and tier.',
    ok.flatMap((a) =>
      SEAT_TIERS.map((tier): [Record<string, string>, number] => [{ account: a.account, tier }, a.seats[tier]]),
    ),
  );
  x.gauge(
    'looker_audit_users',
    'Users of the account, every kind and status.',
    ok.map((a) => [{ account: a.account }, a.users]),
  );
  if (summary.inactiveDays !== null) {
    x.gauge('looker_audit_inactive_days', 'The inactivity window of looker_audit_inactive_seats, in days.', [
      [{}, summary.inactiveDays],
    ]);
    x.gauge(
      'looker_audit_inactive_seats',
      'Seats whose holder has not logged in within the inactivity window (never-logged-in included).',
      ok.flatMap((a) =>
        SEAT_TIERS.filter((t) => t !== 'none').map((tier): [Record<string, string>, number] => [
          { account: a.account, tier },
          a.inactiveSeats?.[tier] ?? 0,
        ]),
      ),
    );
  }
  x.gauge(
    'looker_audit_yearly_cost',
    'Yearly cost of the seats at the configured prices, in the currency of the label.',
    ok.flatMap((a) =>
      a.totalCost === null
        ? []
        : [[{ account: a.account, currency: summary.currency }, a.totalCost] as [Record<string, string>, number]],
    ),
  );
  x.gauge(
    'looker_audit_inactive_yearly_cost',
    'Yearly cost of the inactive seats at the configured prices, in the currency of the label.',
    ok.flatMap((a) =>
      a.inactiveCost === null
        ? []
        : [[{ account: a.account, currency: summary.currency }, a.inactiveCost] as [Record<string, string>, number]],
    ),
  );
  const looker = summary.looker;
  if (looker !== undefined) {
    // --compare: Looker's own count, for accounts whose System Activity could be read (a gap for the others).
    const read = looker.accounts.flatMap((a) => (a.count === null ? [] : [{ account: a.account, count: a.count }]));
    x.gauge(
      'looker_audit_looker_seats',
      "Users per tier as Looker's own flags count them (System Activity): not disabled, not Looker staff, not embed.",
      read.flatMap(({ account, count }) =>
        SEAT_TIERS.map((tier): [Record<string, string>, number] => [{ account, tier }, count[tier]]),
      ),
    );
    x.gauge(
      'looker_audit_looker_disagreements',
      "Seats whose tier under the rule set is not the tier Looker's own flags give.",
      read.map(({ account }) => [{ account }, looker.disagreements.filter((d) => d.account === account).length]),
    );
  }
  x.gauge(
    'looker_audit_account_failed',
    '1 when the account could not be audited in this run, else 0.',
    summary.accounts.map((a) => [{ account: a.account }, a.error === null ? 0 : 1]),
  );
  x.gauge(
    'looker_audit_last_success_timestamp_seconds',
    'When the account was last audited successfully, in seconds since the epoch.',
    summary.accounts.flatMap((a): [Record<string, string>, number][] => {
      if (a.error === null) return [[{ account: a.account }, at]];
      const previous = options.previousSuccess?.get(a.account);
      return previous === undefined ? [] : [[{ account: a.account }, previous]];
    }),
  );
  return x.toString();
}

/**
 * The last-success times in an earlier textfile of ours (the lines this module writes), for carrying them over.
 * Anything else in the text is ignored.
 */
export function readLastSuccess(text: string): Map<string, number> {
  const found = new Map<string, number>();
  const line = /^looker_audit_last_success_timestamp_seconds\{account="((?:[^"\\]|\\.)*)"\} (\d+)$/gm;
  for (const m of text.matchAll(line)) {
    const name = (m[1] ?? '').replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    found.set(name, Number(m[2]));
  }
  return found;
}
