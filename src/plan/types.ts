/**
 * The plan file's and the journal's TypeScript types, inferred from the one schema (schema.ts) and read-only all
 * the way down: the planner builds a plan once, and apply never changes the one it read.
 */
import type * as z from 'zod';
import type {
  beforeSchema,
  impactSchema,
  journalEntrySchema,
  notPlannedSchema,
  planAccountSchema,
  planItemSchema,
  planSchema,
  planStepSchema,
} from './schema.js';
import type { DeepReadonly } from '../snapshot/types.js';

export type PlanDocument = DeepReadonly<z.output<typeof planSchema>>;
export type PlanAccount = DeepReadonly<z.output<typeof planAccountSchema>>;
export type PlanItem = DeepReadonly<z.output<typeof planItemSchema>>;
export type PlanStep = DeepReadonly<z.output<typeof planStepSchema>>;
export type PlanBefore = DeepReadonly<z.output<typeof beforeSchema>>;
export type PlanImpact = DeepReadonly<z.output<typeof impactSchema>>;
export type NotPlanned = DeepReadonly<z.output<typeof notPlannedSchema>>;
export type PlanTotals = PlanAccount['totals'];
export type JournalEntry = DeepReadonly<z.output<typeof journalEntrySchema>>;
