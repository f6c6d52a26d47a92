/**
 * What the completion scripts complete, read from commander's own data at run time: the visible commands, their
 * options and arguments, the global options each command reads (the same filter as its --help), and the choices
 * commander knows. Where a flag's values are checked by our own parser instead of commander's `.choices()`, they
 * come from the same constants that parser uses, so neither list can drift from the code.
 */
import type { Command, Option } from 'commander';
import { formatsOfCommand } from '../commands/shared/formats.js';
import { USER_STATUS_FILTERS } from '../commands/shared/options.js';
import type { CompletionArgument, CompletionOption, CompletionSpec } from './completion-scripts.js';
import { RULE_SET_NAMES, TIERS, VIOLATION_KINDS } from '../vocabulary.js';

/** Values of the flags our parser checks (cli/options.ts), by commander attribute name. */
const KNOWN_VALUES: Readonly<Record<string, readonly string[]>> = {
  license: TIERS,
  status: USER_STATUS_FILTERS,
  failOn: VIOLATION_KINDS,
  rules: RULE_SET_NAMES,
};

/** `<path>`, `<file>`, `<old.json>`, `<name|path>`: a value that names a file. */
const FILE_VALUE = /<[^>]*(path|file|\.json|\.csv)[^>]*>/i;

function optionOf(option: Option, command: Command | undefined): CompletionOption {
  const name = option.attributeName();
  // demo's formats are those of the command it runs (`demo rightsize -f markdown`): all of them are offered.
  const formats = command ? formatsOfCommand(command.name()) : [];
  const values = option.argChoices ?? (name === 'format' ? formats : KNOWN_VALUES[name]) ?? [];
  return {
    long: option.long ?? option.flags,
    ...(option.short ? { short: option.short } : {}),
    description: option.description,
    takesValue: option.required || option.optional,
    values,
    files: FILE_VALUE.test(option.flags),
  };
}

export function completionSpec(program: Command): CompletionSpec {
  const help = program.createHelp();
  const commands = help.visibleCommands(program).map((command) => {
    const commandHelp = command.createHelp();
    const own = commandHelp.visibleOptions(command).map((o) => optionOf(o, command));
    const globals = commandHelp.visibleGlobalOptions(command).map((o) => optionOf(o, command));
    const args: CompletionArgument[] = command.registeredArguments.map((argument) => ({
      name: argument.name(),
      values: argument.argChoices ?? [],
      files: /\.(json|csv|ya?ml)$/i.test(argument.name()),
    }));
    return { name: command.name(), description: command.description(), options: [...own, ...globals], arguments: args };
  });
  return {
    program: program.name(),
    options: help.visibleOptions(program).map((o) => optionOf(o, undefined)),
    commands,
  };
}
