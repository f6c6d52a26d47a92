/**
 * The validated, normalised configuration: what config/ hands to the rest of the tool.
 * Secrets are *not* here: only where to find them (resolved lazily, at login, by config/secrets.ts).
 */
import type { Tier } from '../vocabulary.js';

export type SecretSource =
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'literal'; readonly value: string };

/** What every account has, whatever its login. */
interface AccountCommon {
  readonly name: string;
  /** Normalised API origin, no trailing slash, no `/api/4.0`: e.g. `https://acme.cloud.looker.com:19999`. */
  readonly url: string;
  /** The API3 client id, or with `auth: oauth` the registered OAuth app's client_guid. */
  readonly clientId: string;
  /** TLS verification for this account only (looker.ini `verify_ssl`); never process-wide. */
  readonly verifyTls: boolean;
  /** Path of a PEM CA bundle for this account, if any. */
  readonly caFile?: string;
  /** Per-request timeout in milliseconds (looker.ini `timeout` is in seconds). */
  readonly timeoutMs: number;
  readonly allowInsecureHttp: boolean;
  /**
   * `proxy:` of this account: a proxy URL (its credentials are secrets), or 'none' to bypass every proxy.
   * Absent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY decide (looker/transport.ts).
   */
  readonly proxy?: string;
  /** The largest response body read, decompressed, in bytes (`max_response_mb`; default 512 MB). */
  readonly maxResponseBytes?: number;
  /** Requests in flight to this instance at once (`concurrency`, 1 to 32); absent: the client's default (8). */
  readonly concurrency?: number;
}

/** Logs in with an API3 client id and secret (the default). */
export interface Api3AccountConfig extends AccountCommon {
  /** Absent in accounts written in code (tests, the demo): API3 is the default. */
  readonly auth?: 'api3';
  readonly secret: SecretSource;
}

/** Logs in as a person, with OAuth in the browser (`looker-audit login`); tokens live in the token store. */
export interface OAuthAccountConfig extends AccountCommon {
  readonly auth: 'oauth';
  /** Exactly as written in the config: Looker compares it with the registered one character for character. */
  readonly redirectUri: string;
  /** The UI origin, where Looker serves `/auth`; the API `url` when not configured. */
  readonly webUrl: string;
}

export type AccountConfig = Api3AccountConfig | OAuthAccountConfig;

export type SeatCounts = Partial<Record<Tier, number>>;

export interface AllowEntry {
  /** An exact email or a glob with `*` (`*@partner-agency.com`), matched case-insensitively. */
  readonly pattern: string;
  /** ISO date (YYYY-MM-DD); after this day the entry no longer allows. */
  readonly expires?: string;
}

export interface Policy {
  readonly maxSeats?: SeatCounts;
  readonly allowedDevelopers?: readonly AllowEntry[];
  /** `check` idle-developer: a Developer seat with no developer use in this many days (at most 90). */
  readonly maxIdleDeveloperDays?: number;
}

/** The role or group, by name, that grants each tier a remediation plan may lower a seat to. */
export interface RemediationConfig {
  readonly roles: Readonly<Partial<Record<'standard' | 'viewer', string>>>;
  readonly groups: Readonly<Partial<Record<'standard' | 'viewer', string>>>;
}

export interface AuditConfig {
  /** The file the config was read from (for messages). */
  readonly file: string;
  readonly accounts: readonly AccountConfig[];
  /** `torii` | `looker` | path of a rules file (relative paths resolved against the config file's folder). */
  readonly rules?: string;
  readonly inactiveDays?: number;
  /** Yearly price per seat, per tier. */
  readonly prices?: SeatCounts;
  /** The currency of `prices` (ISO 4217, upper case); absent: USD. */
  readonly currency?: string;
  /** The right-sizing window in days (1 to 90; default 90). */
  readonly usageDays?: number;
  readonly policy: Policy & { readonly accounts: Readonly<Record<string, Policy>> };
  /** `remediation:` (used by `plan`); absent: no role or group is configured for any tier. */
  readonly remediation?: RemediationConfig;
  /** Non-fatal findings (e.g. a world-readable file holding a literal secret). */
  readonly warnings: readonly string[];
}
