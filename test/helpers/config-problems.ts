/** The problems validateConfig reports for a raw config, all at once; a config it accepts fails the test. */
import { validateConfig } from '../../src/config/validate.js';
import { ConfigError } from '../../src/errors.js';

export function configProblems(raw: unknown, ctx: Parameters<typeof validateConfig>[1]): readonly string[] {
  try {
    validateConfig(raw, ctx);
  } catch (error) {
    if (error instanceof ConfigError) {
      if (error.file !== ctx.file) throw new Error(`the error names ${error.file}, not ${ctx.file}`);
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}
