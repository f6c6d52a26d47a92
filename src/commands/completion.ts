/**
 * `completion bash|zsh|fish`: prints the completion script for the program cli/ describes (commander's own data,
 * cli/completion-spec.ts), so it always matches the commands and options of this version.
 */
import type { Io } from '../output/io.js';
import {
  renderBashCompletion,
  renderFishCompletion,
  renderZshCompletion,
  type CompletionSpec,
} from '../report/completion.js';
import type { CompletionOptions, CompletionShell } from './options.js';
import type { Outcome } from './outcome.js';

const RENDERERS: Record<CompletionShell, (spec: CompletionSpec) => string> = {
  bash: renderBashCompletion,
  zsh: renderZshCompletion,
  fish: renderFishCompletion,
};

export function runCompletion(options: CompletionOptions, spec: CompletionSpec, io: Io): Outcome {
  io.stdout.write(RENDERERS[options.shell](spec));
  return 'ok';
}
