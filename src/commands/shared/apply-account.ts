/**
 * `apply` on one account, inside its session: one user at a time and one write at a time, each write announced
 * in the journal (synced to disk) before it is sent and answered there after. What to send and what came of it
 * are audit/'s pure decisions (remediation-apply.ts); this file reads, writes and records.
 *
 * An error from Looker stops the account: the item is `failed`, the items after it `not-attempted` (the other
 * accounts go on). A write whose answer never came (the connection broke after the retries) is checked on a fresh
 * read first: when Looker made the change, the item goes on, and nothing is sent twice.
 */
import type { ChangeItem, ChangeStep } from '../../audit/change-run.js';
import { createAccessResolver, type AccessResolver } from '../../audit/grants.js';
import { decideApply, readsFor, stepMade, verifyApplied, writeOf } from '../../audit/remediation-apply.js';
import type { RuleSet } from '../../audit/rules.js';
import { stepText } from '../../audit/step-words.js';
import type { LookerClient } from '../../looker/client.js';
import {
  readAccessLists,
  readApiUserId,
  readUserFacts,
  sendWrite,
  writeRequest,
} from '../../looker/remediation-writes.js';
import type { PlanAccount, PlanItem } from '../../plan/types.js';
import { failureOf, notAttempted, recorder, type ChangeContext } from './change-journal.js';

const pendingSteps = (item: PlanItem, already: ReadonlySet<number> = new Set()): ChangeStep[] =>
  item.steps.map((step, i) => ({
    op: step.op,
    what: stepText(step),
    status: already.has(i) ? 'already' : 'pending',
    http_status: null,
  }));

const head = (item: PlanItem) => ({
  item_id: item.item_id,
  user_id: item.user_id,
  email: item.email,
  name: item.name,
  to: item.to,
});

/** Applies (or, without a journal, previews) one account's planned items. */
export async function applyAccount(
  client: LookerClient,
  account: PlanAccount,
  ctx: ChangeContext & { readonly rules: RuleSet },
): Promise<ChangeItem[]> {
  const apiUserId = await readApiUserId(client);
  // The tier is checked after the writes only: a dry run needs no roles and groups.
  const resolver = ctx.journal === null ? null : createAccessResolver(await readAccessLists(client), ctx.rules);
  const results: ChangeItem[] = [];
  let stoppedBy: string | null = null;
  for (const item of account.items) {
    if (item.status === 'blocked') {
      results.push({ ...head(item), status: 'blocked', detail: item.blocked_reason ?? '', steps: [] });
      continue;
    }
    if (stoppedBy !== null) {
      results.push(notAttempted(head(item), pendingSteps(item), stoppedBy));
      continue;
    }
    try {
      const result = await applyItem(client, account, item, { ...ctx, apiUserId, resolver });
      results.push(result.item);
      if (result.stops)
        stoppedBy = `not attempted: an error on ${item.email ?? `user ${item.user_id}`} stopped this account`;
    } catch (error) {
      // Anything but Looker's answers, the network or the budget (a stop, a bug) ends the whole run.
      const detail = failureOf(error);
      results.push({ ...head(item), status: 'failed', detail, steps: pendingSteps(item) });
      stoppedBy = `not attempted: an error on ${item.email ?? `user ${item.user_id}`} stopped this account`;
    }
  }
  return results;
}

interface ItemContext extends ChangeContext {
  readonly apiUserId: string | null;
  readonly resolver: AccessResolver | null;
}

async function applyItem(
  client: LookerClient,
  account: PlanAccount,
  item: PlanItem,
  ctx: ItemContext,
): Promise<{ item: ChangeItem; stops: boolean }> {
  const reads = readsFor(item.steps);
  const facts = await readUserFacts(client, item.user_id, reads);
  const decision = decideApply(item, facts, ctx.apiUserId);
  if (decision.kind === 'drifted')
    return {
      item: { ...head(item), status: 'drifted', detail: decision.reason, steps: pendingSteps(item) },
      stops: false,
    };
  if (decision.kind === 'already-done') {
    const all = new Set(item.steps.map((_, i) => i));
    return {
      item: { ...head(item), status: 'already-done', detail: '', steps: pendingSteps(item, all) },
      stops: false,
    };
  }
  const toSend = new Set(decision.steps);
  const already = new Set(item.steps.map((_, i) => i).filter((i) => !toSend.has(i)));
  const steps = pendingSteps(item, already);
  const resumed = decision.resumed ? `resumed: ${already.size} of ${item.steps.length} steps were made already` : '';
  if (ctx.journal === null || ctx.resolver === null)
    return { item: { ...head(item), status: 'would-apply', detail: resumed, steps }, stops: false };

  const record = recorder({ ...ctx, journal: ctx.journal }, account, item.item_id, item.user_id, {
    is_disabled: item.before.is_disabled,
    direct_role_ids: item.before.direct_role_ids,
    direct_group_ids: item.before.direct_group_ids,
    schedules_enabled: item.before.schedules.filter((s) => s.enabled).map((s) => s.id),
  });
  for (const index of decision.steps) {
    const step = item.steps[index];
    if (step === undefined) continue;
    const request = writeRequest(writeOf(step, item.user_id));
    const sent = await record.send(index, step.op, step, request, () => sendWrite(client, request));
    if (sent.ok) {
      steps[index] = { ...steps[index]!, status: 'sent', http_status: sent.status };
      continue;
    }
    steps[index] = { ...steps[index]!, status: 'failed', http_status: sent.status };
    // No answer: the re-read decides whether Looker made the change; it is never sent a second time.
    if (sent.status === null && stepMade(item, index, await readUserFacts(client, item.user_id, reads))) {
      steps[index] = { ...steps[index]!, status: 'sent' };
      continue;
    }
    return { item: { ...head(item), status: 'failed', detail: sent.error, steps }, stops: true };
  }
  const verdict = verifyApplied(item, await readUserFacts(client, item.user_id, reads), ctx.resolver);
  const detail = [resumed, verdict.detail].filter((d) => d !== '').join('; ');
  return { item: { ...head(item), status: verdict.status, detail, steps }, stops: false };
}
