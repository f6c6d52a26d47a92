/**
 * The format registry's names: the formats each command writes (its first is the default) and the file
 * extensions that name a format. `--help`, shell completion, `-f` validation and the format an `-o` file name
 * implies all read these, and each command keys its renderers by its own list (`Renderers<'check', ...>`), so a
 * format listed here without a renderer, or a renderer without its name here, does not compile.
 *
 * Names only, no renderer: the CLI imports this module to print `--help` and check flags, and must not load any
 * report code to do so (test/e2e/bundle.test.ts). The renderers load with their command, when it runs.
 */
import type { Rendered } from '../../report/csv.js';
import { FORMATS, type Format } from '../../vocabulary.js';
import type { DemoCommand } from './options.js';

/** Per command: the formats it writes, the default first. */
export const COMMAND_FORMATS = {
  users: ['table', 'csv', 'json', 'html'],
  summary: ['table', 'csv', 'json', 'html', 'markdown', 'prometheus'],
  roles: ['table', 'csv', 'json'],
  groups: ['table', 'csv', 'json'],
  explain: ['table', 'json'],
  check: ['table', 'csv', 'json', 'junit', 'markdown'],
  diff: ['table', 'json', 'csv', 'markdown'],
  accounts: ['table', 'json'],
  rightsize: ['table', 'csv', 'json', 'markdown', 'html'],
  report: ['html'],
  people: ['table', 'csv', 'json', 'markdown', 'html'],
  plan: ['table', 'markdown', 'json'],
  apply: ['table', 'markdown', 'json'],
  undo: ['table', 'markdown', 'json'],
} as const satisfies Readonly<Record<string, readonly [Format, ...Format[]]>>;

export type FormattedCommand = keyof typeof COMMAND_FORMATS;
export type FormatOf<C extends FormattedCommand> = (typeof COMMAND_FORMATS)[C][number];

/**
 * A command's registry: one renderer per format it declares, each returning the report whole or in pieces. A
 * mapped type rather than `Record`, so that each command picks the input its renderers share.
 */
export type Renderers<C extends FormattedCommand, Input> = {
  readonly [F in FormatOf<C>]: (input: Input) => Rendered | Promise<Rendered>;
};

/** `demo` runs one of these on the sample instance, in that command's formats (`demo -f html` is the whole report). */
export const DEMO_FORMATS: Readonly<Record<DemoCommand, readonly Format[]>> = {
  users: COMMAND_FORMATS.users,
  rightsize: COMMAND_FORMATS.rightsize,
  plan: COMMAND_FORMATS.plan,
};

/** The formats a command (by its CLI name) writes, for help and completion; none for a command without -f. */
export function formatsOfCommand(name: string): readonly Format[] {
  if (name === 'demo') return [...new Set(Object.values(DEMO_FORMATS).flat())];
  return (COMMAND_FORMATS as Readonly<Record<string, readonly Format[]>>)[name] ?? [];
}

/** The extensions that name each format (lower case). A table has none of its own: see PLAIN_EXTENSIONS. */
const FORMAT_EXTENSIONS: Readonly<Record<Format, readonly string[]>> = {
  table: [],
  csv: ['.csv'],
  json: ['.json'],
  html: ['.html', '.htm'],
  markdown: ['.md'],
  prometheus: ['.prom'],
  junit: ['.xml'],
};

/**
 * Extensions that name no format: a text file may hold any of them. Without -f it gets the command's default, as
 * a name without an extension does (`-o seats.txt` is a table).
 */
export const PLAIN_EXTENSIONS: readonly string[] = ['.txt'];

/** The format a file extension names (`.csv` -> csv), or undefined. */
export function formatOfExtension(extension: string): Format | undefined {
  const lower = extension.toLowerCase();
  return FORMATS.find((format) => FORMAT_EXTENSIONS[format].includes(lower));
}

/** The extensions that name these formats, as a phrase: `.csv, .json, .html or .htm`. */
export function extensionList(formats: readonly Format[]): string {
  const extensions = formats.flatMap((format) => FORMAT_EXTENSIONS[format]);
  return extensions.length <= 1 ? extensions.join('') : `${extensions.slice(0, -1).join(', ')} or ${extensions.at(-1)}`;
}
