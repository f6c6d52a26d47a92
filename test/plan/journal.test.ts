/**
 * Reading a journal: whole lines are the story, a last line cut by a kill is dropped (and said), anything else
 * wrong is refused with the line number and the path of the bad key, never the line's content.
 */
import { describe, expect, it } from '@jest/globals';
import { InputFileError } from '../../src/errors.js';
import { parseJournal } from '../../src/plan/journal.js';
import { DONE, FAILED, INTENT, lines, RUN } from './journal-lines.js';

function refusal(text: string): InputFileError {
  try {
    parseJournal(text, 'plan.journal.jsonl');
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('the journal was accepted');
}

describe('parseJournal', () => {
  it('reads every line of a complete journal', () => {
    expect(parseJournal(lines(RUN, INTENT, DONE), 'j')).toEqual({ entries: [RUN, INTENT, DONE], truncated: false });
    expect(parseJournal(lines(RUN, INTENT, FAILED), 'j').entries.at(-1)).toEqual(FAILED);
    expect(parseJournal('', 'j')).toEqual({ entries: [], truncated: false });
  });

  it('drops a last line cut in the middle by a kill, and says so', () => {
    const whole = lines(RUN, INTENT);
    const cut = JSON.stringify(DONE).slice(0, 40);
    expect(parseJournal(`${whole}${cut}`, 'j')).toEqual({ entries: [RUN, INTENT], truncated: true });
    // A whole last line without its newline is kept.
    expect(parseJournal(`${whole}${JSON.stringify(DONE)}`, 'j')).toEqual({
      entries: [RUN, INTENT, DONE],
      truncated: false,
    });
  });

  it.each([
    ['a cut line that is not the last', `${lines(RUN)}{"v":1,"ev\n${lines(INTENT)}`, 'line 2: not JSON'],
    [
      'an unknown event',
      lines(RUN, { ...DONE, event: 'retried' }),
      'line 2: event: must be one of run, intent, done, failed',
    ],
    [
      'an unknown op',
      lines(RUN, { ...INTENT, op: 'delete_user' }),
      'line 2: op: must be one of reassign_schedule, add_to_group, set_direct_roles, remove_from_group, disable_user, enable_user, enable_schedule',
    ],
    ['a key the writer never writes', lines(RUN, { ...INTENT, token: 'abc123' }), 'line 2: token: unknown key'],
    [
      'a body that is not plain values',
      lines(RUN, { ...INTENT, request: { ...INTENT.request, body: { x: { y: 1 } } } }),
      'line 2: request.body: must be null, a list of ids or an object of plain values',
    ],
    ['an answer before its intent', lines(RUN, DONE), 'line 2: done without the intent it answers'],
    ['a step of a run never announced', lines(INTENT), 'line 1: run_id: no run line announces this run before it'],
  ])('refuses %s', (_name, text, problem) => {
    const error = refusal(text);
    expect(error.problems).toEqual([problem]);
    expect(error.message).toBe(`plan.journal.jsonl: ${problem}`);
    expect(error.message).not.toContain('abc123');
  });
});
