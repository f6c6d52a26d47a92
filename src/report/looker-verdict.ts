/**
 * Looker's own tier of a user as the users JSON and CSV write it (`users --compare`), and the words every format
 * uses for it. Apart from looker-count.ts so that the users JSON and CSV load no table code.
 */
import type { LookerVerdict } from '../audit/looker-flags.js';
import type { AuditedUser } from '../audit/types.js';
import type { Tier } from '../vocabulary.js';
import type { CsvCell } from './csv.js';
import type { ExtraCsvColumns } from './users-csv.js';

/** A user's verdict under Looker's own flags, or null when the flags were not read for the account. */
export type LookerLookup = (account: string, user: AuditedUser) => LookerVerdict | null;

/** What the flags are called where they are shown: the name a reader can look up in System Activity. */
export const LOOKER_SOURCE = "Looker's own count (its user flags in System Activity)";

export interface LookerJson {
  readonly license: Tier;
  readonly reason: string;
  /** Each flag as read (`is_admin`, ...), or null when System Activity has none for the user yet. */
  readonly flags: Readonly<Record<string, boolean>> | null;
}

export function lookerJson(verdict: LookerVerdict): LookerJson {
  return { license: verdict.tier, reason: verdict.reason, flags: verdict.flags === null ? null : { ...verdict.flags } };
}

/** The flags in a line: `is_admin no, is_developer yes, ...`. */
export function flagsText(verdict: LookerVerdict): string {
  if (verdict.flags === null) return 'none yet';
  return Object.entries(verdict.flags)
    .map(([flag, on]) => `${flag} ${on ? 'yes' : 'no'}`)
    .join(', ');
}

export const LOOKER_USER_CSV_COLUMNS = ['looker_license', 'looker_reason'] as const;

export function lookerCsvColumns(lookup: LookerLookup): ExtraCsvColumns {
  return {
    columns: LOOKER_USER_CSV_COLUMNS,
    cells: (account, user): CsvCell[] => {
      const verdict = lookup(account, user);
      return [verdict?.tier ?? null, verdict?.reason ?? null];
    },
  };
}
