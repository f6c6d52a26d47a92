/**
 * `undo` on one account, inside its session: each user the journal changed is read again and put back, one
 * write at a time, each journaled like apply's. The decisions are audit/remediation-undo.ts's; an error from
 * Looker stops the account as it does for apply.
 */
import type { ChangeItem, ChangeStep } from '../../audit/change-run.js';
import { decideUndo, undoReads, verifyRestored, type UndoUnit, type UndoWrite } from '../../audit/remediation-undo.js';
import { undoText } from '../../audit/step-words.js';
import type { LookerClient } from '../../looker/client.js';
import { readUserFacts, sendWrite, writeRequest } from '../../looker/remediation-writes.js';
import { failureOf, notAttempted, recorder, type ChangeContext } from './change-journal.js';

/** What undo knows of the user from the journal: ids only (it keeps no names); the re-read adds the name. */
const head = (unit: UndoUnit) => ({ item_id: unit.itemId, user_id: unit.userId, email: null, name: '', to: null });

const planned = (unit: UndoUnit): ChangeStep[] =>
  [...unit.steps]
    .reverse()
    .map((step) => ({ op: step.op, what: undoText(step), status: 'pending', http_status: null }));

const stepsOf = (writes: readonly UndoWrite[]): ChangeStep[] =>
  writes.map((w) => ({ op: w.op, what: w.what, status: 'pending', http_status: null }));

export async function undoAccount(
  client: LookerClient,
  account: { readonly name: string; readonly url: string },
  units: readonly UndoUnit[],
  ctx: ChangeContext,
): Promise<ChangeItem[]> {
  const results: ChangeItem[] = [];
  let stoppedBy: string | null = null;
  for (const unit of units) {
    if (stoppedBy !== null) {
      results.push(notAttempted(head(unit), planned(unit), stoppedBy));
      continue;
    }
    try {
      const result = await undoUnit(client, account, unit, ctx);
      results.push(result.item);
      if (result.stops) stoppedBy = `not attempted: an error on user ${unit.userId} stopped this account`;
    } catch (error) {
      results.push({ ...head(unit), status: 'failed', detail: failureOf(error), steps: planned(unit) });
      stoppedBy = `not attempted: an error on user ${unit.userId} stopped this account`;
    }
  }
  return results;
}

async function undoUnit(
  client: LookerClient,
  account: { readonly name: string; readonly url: string },
  unit: UndoUnit,
  ctx: ChangeContext,
): Promise<{ item: ChangeItem; stops: boolean }> {
  const reads = undoReads(unit);
  const user = await readUserFacts(client, unit.userId, reads);
  const named = {
    ...head(unit),
    email: user.user?.email ?? null,
    name: [user.user?.firstName, user.user?.lastName].filter((p) => p !== null && p !== undefined).join(' '),
  };
  const decision = decideUndo(unit, user);
  if (decision.kind === 'drifted')
    return { item: { ...named, status: 'drifted', detail: decision.reason, steps: planned(unit) }, stops: false };
  if (decision.kind === 'already-done')
    return { item: { ...named, status: 'already-done', detail: '', steps: [] }, stops: false };
  const steps = stepsOf(decision.writes);
  if (ctx.journal === null) return { item: { ...named, status: 'would-restore', detail: '', steps }, stops: false };

  const record = recorder({ ...ctx, journal: ctx.journal }, account, unit.itemId, unit.userId, {
    is_disabled: unit.before.isDisabled,
    direct_role_ids: unit.before.directRoleIds,
    direct_group_ids: unit.before.directGroupIds,
    schedules_enabled: unit.schedulesEnabled,
  });
  for (const [index, write] of decision.writes.entries()) {
    const request = writeRequest(write.target);
    const sent = await record.send(index, write.op, write.step, request, () => sendWrite(client, request));
    steps[index] = { ...steps[index]!, status: sent.ok ? 'sent' : 'failed', http_status: sent.status };
    // A lost answer is settled by the read-back below: every write of an undo is checked there.
    if (!sent.ok && sent.status !== null)
      return { item: { ...named, status: 'failed', detail: sent.error, steps }, stops: true };
  }
  const verdict = verifyRestored(unit, await readUserFacts(client, unit.userId, reads));
  return { item: { ...named, ...verdict, steps }, stops: false };
}
