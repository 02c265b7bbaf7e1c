/**
 * yargs reports an unknown `--sandbx` as "Unknown arguments: sandbx" — and a dashed one twice, once camel-cased —
 * without saying what was meant. This names each unknown option once, as typed, with the closest real option.
 */
import { UserError } from '../core/errors.js';
import { closest } from '../policy/suggest.js';

/** The options as typed on the command line (before `--`), by name without dashes or value. */
function typedOptions(argv: readonly string[]): { name: string; typed: string }[] {
  const options: { name: string; typed: string }[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) continue;
    const typed = arg.split('=')[0] ?? arg;
    options.push({ name: typed.replace(/^-+/, ''), typed });
  }
  return options;
}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * `known`: every option name and alias the command accepts. A `-abc` cluster of short flags is checked
 * letter by letter, as yargs parses it.
 */
export function unknownOptionsError(argv: readonly string[], known: readonly string[], command: string | undefined): UserError {
  const accepted = new Set(known);
  const isKnown = (name: string) =>
    accepted.has(name) || accepted.has(camel(name)) || (name.startsWith('no-') && accepted.has(name.slice(3)));
  const unknown = typedOptions(argv).filter(({ name, typed }) =>
    typed.startsWith('--') || name.length === 1 ? !isKnown(name) : [...name].some((letter) => !isKnown(letter)),
  );
  const names = [...new Set(unknown.map((option) => option.typed))];
  const help = `run "mirrorctl ${command === undefined ? '' : `${command} `}--help" for its options`;
  if (names.length === 0) return new UserError('unknown argument', { hint: help });
  const longNames = known.filter((name) => name.length > 1 && !/[A-Z]/.test(name));
  const suggestions = names.flatMap((typed) => {
    const match = suggestOption(typed.replace(/^-+/, ''), longNames);
    return match === undefined ? [] : [names.length === 1 ? `--${match}` : `--${match} for ${typed}`];
  });
  const plural = names.length === 1 ? 'option' : 'options';
  return new UserError(`unknown ${plural} ${names.join(', ')}`, {
    hint: suggestions.length === 0 ? help : `did you mean ${suggestions.join(', ')}? (${help})`,
  });
}

/** A cut-short option is completed (`--sandbox-laten`: `--sandbox-latency`); otherwise the closest typo wins. */
function suggestOption(name: string, options: readonly string[]): string | undefined {
  if (name.startsWith('no-')) {
    const negated = suggestOption(name.slice(3), options);
    return negated === undefined ? undefined : `no-${negated}`;
  }
  const completions = options.filter((option) => option.startsWith(name));
  if (name.length >= 3 && completions.length === 1) return completions[0];
  return closest(name, options);
}
