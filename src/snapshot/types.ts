/**
 * The snapshot's TypeScript types, inferred from the one schema (schema.ts) and made read-only all the way
 * down: a parsed snapshot is never changed, and report/json.ts builds its document from the audit's read-only
 * lists without copying them.
 */
import type * as z from 'zod';
import type { snapshotAccountSchema, snapshotSchema, snapshotUserSchema, tierCountsSchema } from './schema.js';

export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type SnapshotDocument = DeepReadonly<z.output<typeof snapshotSchema>>;
export type SnapshotAccount = DeepReadonly<z.output<typeof snapshotAccountSchema>>;
export type SnapshotUser = DeepReadonly<z.output<typeof snapshotUserSchema>>;
export type SnapshotTierCounts = DeepReadonly<z.output<typeof tierCountsSchema>>;
