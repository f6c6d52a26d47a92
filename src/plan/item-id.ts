/**
 * An item's id: a digest of what the item would do to whom, on which instance. The same audit gives the same
 * ids (a plan made twice can be compared), and an item whose user, target, steps or before state was edited after
 * the plan no longer matches its id, so apply refuses it instead of sending writes nobody reviewed.
 */
import { createHash } from 'node:crypto';
import type { PlanItem } from './types.js';

/** JSON with object keys sorted at every level, so the digest does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type ItemIdentity = Pick<PlanItem, 'user_id' | 'to' | 'status' | 'block' | 'steps' | 'before'>;

/** 16 hex digits of SHA-256 over the account's URL and the item's identity. */
export function itemIdOf(url: string, item: ItemIdentity): string {
  const identity = {
    url,
    user_id: item.user_id,
    to: item.to,
    status: item.status,
    block: item.block ?? null,
    steps: item.steps,
    before: item.before,
  };
  return createHash('sha256').update(canonical(identity)).digest('hex').slice(0, 16);
}
