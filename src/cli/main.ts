/**
 * Entry point: run the program, turn the outcome into an exit code. Never calls process.exit(), so piped
 * stdout (CSV/JSON) is flushed before the process ends.
 */
import { processIo } from '../output/io.js';
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
