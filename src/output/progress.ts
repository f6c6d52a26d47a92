/**
 * Progress on stderr. ora is imported lazily (about 50 ms of start-up) and only when the spinner will show;
 * otherwise a silent stand-in keeps the callers free of conditionals.
 */
import type { OutStream } from './io.js';

export interface Progress {
  start(text: string): void;
  update(text: string): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

export async function createProgress(show: boolean, stderr: OutStream): Promise<Progress> {
  if (!show) return silentProgress;
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: stderr as NodeJS.WritableStream, discardStdin: false });
  return {
    start: (text) => void spinner.start(text),
    update: (text) => {
      spinner.text = text;
    },
    stop: () => void spinner.stop(),
  };
}
