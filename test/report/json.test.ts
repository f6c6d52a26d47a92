import { describe, it, expect } from '@jest/globals';
import { renderUsersJson, toJsonDocument } from '../../src/report/json.js';
import type { SnapshotDocument } from '../../src/snapshot/types.js';
import { oneAccount, twoAccounts } from './fixture.js';

describe('users json (the snapshot format)', () => {
  it('has the documented shape and key order, 2-space indent and a trailing newline', () => {
    const text = renderUsersJson(oneAccount());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schema_version": 1,');
    const doc = JSON.parse(text) as SnapshotDocument;
    expect(Object.keys(doc)).toEqual(['schema_version', 'generated_at', 'rules', 'accounts']);
    expect(doc.generated_at).toBe('2025-06-30T12:00:00.000Z');
    expect(doc.rules).toBe('torii');
    const account = doc.accounts[0];
    expect(Object.keys(account ?? {})).toEqual(['name', 'url', 'api_calls', 'summary', 'users']);
    expect(account?.summary).toEqual({ developer: 1, standard: 1, viewer: 0, none: 0 });
    expect(Object.keys(account?.summary ?? {})).toEqual(['developer', 'standard', 'viewer', 'none']);
    expect(account?.users[0]).toEqual({
      id: '1',
      email: 'ada@acme.test',
      name: 'Ada Lovelace',
      status: 'active',
      kind: 'regular',
      license: 'developer',
      roles: ['LookML Admins', 'Viewers'],
      groups: ['BI'],
      last_login_at: '2025-06-01T08:00:00.000Z',
      reason: 'developer: role "LookML Admins" name contains "admin", via group "BI" <- "Analytics"',
    });
    expect(Object.keys(account?.users[0] ?? {})).toEqual([
      'id',
      'email',
      'name',
      'status',
      'kind',
      'license',
      'roles',
      'groups',
      'last_login_at',
      'reason',
    ]);
    expect(account?.users.map((u) => [u.status, u.kind, u.license, u.last_login_at])).toEqual([
      ['active', 'regular', 'developer', '2025-06-01T08:00:00.000Z'],
      ['active', 'regular', 'standard', null],
      ['disabled', 'regular', 'viewer', null],
      ['active', 'embed', 'none', null],
    ]);
  });

  it('puts `error` only on failed accounts, right after api_calls', () => {
    const doc = toJsonDocument(twoAccounts());
    expect(doc.accounts.map((a) => 'error' in a)).toEqual([false, false, true]);
    expect(Object.keys(doc.accounts[2] ?? {})).toEqual(['name', 'url', 'api_calls', 'error', 'summary', 'users']);
    expect(doc.accounts[2]).toMatchObject({ name: 'eu', api_calls: 1, error: 'login refused (HTTP 404)', users: [] });
  });

  it('is stable: the same report renders to the same bytes', () => {
    expect(renderUsersJson(twoAccounts())).toBe(renderUsersJson(twoAccounts()));
  });
});
