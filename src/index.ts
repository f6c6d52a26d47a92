// Programmatic API. Importing this module has no side effects.
export * from './errors.js';
export type * from './vocabulary.js';
export type * from './config/types.js';
export type * from './looker/types.js';
export type * from './snapshot/types.js';
