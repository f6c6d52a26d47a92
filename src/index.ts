/**
 * The library API (the README's "Library API"): `import { audit } from 'looker-audit'`. The CLI runs every audit
 * through the same function. Importing this module has no side effects.
 *
 *   const report = await audit('./looker-audit.yaml');
 *   for (const account of report.accounts) console.log(account.name, account.error ?? account.seats);
 */
export { audit, type AuditDeps, type AuditOptions, type ConfigObject } from './commands/shared/run-audit.js';
export { loadConfig, type LoadConfigOptions } from './config/load.js';
export * from './errors.js';
export type * from './vocabulary.js';
export type * from './audit/types.js';
export type * from './config/types.js';
export type * from './looker/types.js';
export type * from './snapshot/types.js';
