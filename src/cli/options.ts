/**
 * Normalising raw commander values into typed options. Every problem is a UsageError (exit 2) with one clear line.
 */
import { UsageError } from '../errors.js';

export interface GlobalOptions {
  readonly config?: string;
  /** Account names from `-a` (repeatable, comma-separated); empty = all accounts. */
  readonly accounts: readonly string[];
  readonly format?: string;
  readonly output?: string;
  readonly rules?: string;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
  readonly maxCalls?: number;
  readonly pageSize?: number;
}

/** commander collector for repeatable, comma-separated list options (`-a prod -a staging`, `-a prod,staging`). */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...(previous ?? []), ...items];
}

export function parseFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const normalised = value.toLowerCase();
  if ((allowed as readonly string[]).includes(normalised)) return normalised as T;
  throw new UsageError(`unknown format "${value}" for this command: use ${allowed.join(', ')}`);
}

export function parsePositiveInt(
  flag: string,
  value: string | undefined,
  { allowZero = false } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || (!allowZero && n === 0)) {
    throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} whole number, got "${value}"`);
  }
  return n;
}

export function parseChoices<T extends string>(
  flag: string,
  values: readonly string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return values.map((raw) => {
    const value = raw.toLowerCase();
    if (!(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`${flag}: unknown value "${raw}": use ${allowed.join(', ')}`);
    }
    return value as T;
  });
}

export function normaliseGlobals(raw: Record<string, unknown>): GlobalOptions {
  const str = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  return {
    config: str('config'),
    accounts: Array.isArray(raw.account) ? (raw.account as string[]) : [],
    format: str('format'),
    output: str('output'),
    rules: str('rules'),
    quiet: raw.quiet === true,
    verbose: raw.verbose === true,
    color: raw.color !== false,
    maxCalls: parsePositiveInt('--max-calls', str('maxCalls')),
    pageSize: parsePositiveInt('--page-size', str('pageSize')),
  };
}
