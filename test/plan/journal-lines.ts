/** Journal lines for the tests: a run with one step announced and answered. */
import type { JournalEntry } from '../../src/plan/types.js';

type Of<E extends JournalEntry['event']> = Extract<JournalEntry, { readonly event: E }>;

export const RUN: Of<'run'> = {
  v: 1,
  event: 'run',
  at: '2026-11-23T08:00:00.000Z',
  run_id: 'run-1',
  mode: 'apply',
  plan_generated_at: '2026-11-23T07:00:00.000Z',
};

export const INTENT: Of<'intent'> = {
  v: 1,
  event: 'intent',
  at: '2026-11-23T08:00:01.000Z',
  run_id: 'run-1',
  account: 'production',
  item_id: '0123456789abcdef',
  step_index: 0,
  op: 'disable_user',
  url: 'https://acme.cloud.looker.test',
  user_id: '9',
  step: { op: 'disable_user' },
  request: { method: 'PATCH', path: '/api/4.0/users/9', body: { is_disabled: true } },
  before: { is_disabled: false, direct_role_ids: ['6'], direct_group_ids: ['10'], schedules_enabled: ['1'] },
};

export const DONE: Of<'done'> = {
  v: 1,
  event: 'done',
  at: '2026-11-23T08:00:02.000Z',
  run_id: 'run-1',
  account: 'production',
  item_id: '0123456789abcdef',
  step_index: 0,
  op: 'disable_user',
  status: 200,
};

export const FAILED: Of<'failed'> = {
  v: 1,
  event: 'failed',
  at: '2026-11-23T08:00:02.000Z',
  run_id: 'run-1',
  account: 'production',
  item_id: '0123456789abcdef',
  step_index: 0,
  op: 'disable_user',
  status: 500,
  error: 'Looker answered 500',
};

export const lines = (...entries: readonly unknown[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');
