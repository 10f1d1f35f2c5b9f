/**
 * Option parsing for the `hotline` commands: node:util parseArgs in strict mode (`--x value`,
 * `--x=value`, `-o value`, `-ovalue`, `--` ends the options), with its errors turned into one-line
 * CliUsageErrors that name the option as the user typed it and point at `hotline <cmd> --help`,
 * plus the converters the commands share.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GO_TRACE_PROFILES, type GoTraceProfile } from '../profilers/goTraceConverter';
import { CliUsageError } from './command';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface CliArgsHow {
  /**
   * The command runs a program and passes it what follows `--` (returned as `rest`); without it
   * the words after `--` are positionals too, such as a file whose name starts with "-".
   */
  readonly rest?: boolean;
  /** The message for an unknown option (as typed); by default `unknown option X; see "hotline <cmd> --help"`. */
  readonly unknownOption?: (option: string) => string;
}

/** Parses a command's argv against its options; every mistake is a CliUsageError (exit code 2). */
export function parseCliArgs<const O extends OptionsConfig>(command: string, argv: string[], options: O, how: CliArgsHow = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new CliUsageError(usageProblem(command, argv, options, how) ?? `${firstSentence((err as Error).message)}; ${seeHelp(command)}`);
  }
  const { values, tokens } = parsed;
  const end = how.rest ? (tokens.find((t) => t.kind === 'option-terminator')?.index ?? argv.length) : argv.length;
  const positionals: string[] = [];
  const rest: string[] = [];
  for (const t of tokens) if (t.kind === 'positional') (t.index < end ? positionals : rest).push(t.value);
  return { values: { ...values }, positionals, rest };
}

function seeHelp(command: string): string {
  return `see "hotline ${command} --help"`;
}

function firstSentence(message: string): string {
  return message.split('\n', 1)[0]!.replace(/\. To specify a positional.*$/, '');
}

/** What strict parsing refused, found again among the tokens of a lenient parse, in the user's words. */
function usageProblem(command: string, argv: string[], options: OptionsConfig, how: CliArgsHow): string | undefined {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const option = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (!option) {
      if (how.unknownOption) return how.unknownOption(t.rawName);
      return `unknown option ${t.rawName}; ${how.rest ? `put the program's own options after "--" (${seeHelp(command)})` : seeHelp(command)}`;
    }
    if (option.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value; ${seeHelp(command)}`;
    if (option.type === 'string' && t.value === undefined) return `${t.rawName} needs a value; ${seeHelp(command)}`;
    if (option.type === 'string' && !t.inlineValue && t.value !== undefined && t.value.length > 1 && t.value.startsWith('-')) {
      return `${t.rawName} needs a value, got ${JSON.stringify(t.value)}, which looks like an option (write --${t.name}=${t.value} if it is the value); ${seeHelp(command)}`;
    }
  }
  return undefined;
}

/** A whole number from `min` to `max`; `expected` replaces "must be a whole number >= min" in the error. */
export function wholeNumber(text: string, option: string, range: { min?: number; max?: number; expected?: string } = {}): number {
  const { min = 1, max = Number.MAX_SAFE_INTEGER } = range;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const expected = range.expected ?? (max < Number.MAX_SAFE_INTEGER ? `must be a whole number from ${min} to ${max}` : `must be a whole number >= ${min}`);
    throw new CliUsageError(`${option} ${expected}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** A finite number above 0. */
export function positiveNumber(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliUsageError(`${option} needs a positive number, got ${JSON.stringify(text)}`);
  return n;
}

/** `--go-trace KIND`: which blocking profile a Go execution trace becomes (go tool trace -pprof=KIND). */
export function goTraceProfileArg(text: string | undefined): GoTraceProfile | undefined {
  if (text === undefined) return undefined;
  const kind = GO_TRACE_PROFILES.find((k) => k === text);
  if (!kind) throw new CliUsageError(`--go-trace must be one of ${GO_TRACE_PROFILES.join(', ')}, got ${JSON.stringify(text)}`);
  return kind;
}

/** The usage line of --go-trace, the same in every command that reads profiles. */
export const GO_TRACE_USAGE = `  --go-trace KIND  a Go execution trace (go test -trace, /debug/pprof/trace) becomes the time goroutines
                   spent blocked: ${GO_TRACE_PROFILES.join(' | ')} (go tool trace -pprof=KIND; default sync)`;
