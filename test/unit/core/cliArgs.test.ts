import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArgs, positiveNumber, wholeNumber } from '../../../src/cli/args';
import { CliUsageError } from '../../../src/cli/command';

const options = { json: { type: 'boolean' }, top: { type: 'string' }, output: { type: 'string', short: 'o' } } as const;
const parse = (argv: string[], rest = false) => parseCliArgs('report', argv, options, { rest });
const usageError = (re: RegExp) => (e: unknown) => e instanceof CliUsageError && e.exitCode === 2 && re.test(e.message) && !e.message.includes('\n');

test('values as "--x v", "--x=v", "-o v" and "-ov"; words after "--" are positionals unless the command passes them on', () => {
  assert.deepEqual(parse(['a', '--top', '3', '--json', '-o', 'x.html']), { values: { top: '3', json: true, output: 'x.html' }, positionals: ['a'], rest: [] });
  assert.deepEqual(parse(['--top=3', '-ox.html', 'a']).values, { top: '3', output: 'x.html' });
  assert.deepEqual(parse(['a', '--', '-b', '--json']), { values: {}, positionals: ['a', '-b', '--json'], rest: [] });
  assert.deepEqual(parse(['a', 'b', '--', '-c', 'd'], true), { values: {}, positionals: ['a', 'b'], rest: ['-c', 'd'] });
  assert.deepEqual(parse(['--', 'a'], true).positionals, [], 'a program after "--" is an argument, not the program');
});

test('mistakes are one-line usage errors naming the option as typed and pointing at --help', () => {
  assert.throws(() => parse(['a', '--bogus']), usageError(/^unknown option --bogus; see "hotline report --help"$/));
  assert.throws(() => parse(['a', '--bogus=1']), usageError(/^unknown option --bogus; /));
  assert.throws(() => parse(['a', '-x'], true), usageError(/^unknown option -x; put the program's own options after "--" \(see "hotline report --help"\)$/));
  assert.throws(() => parse(['a', '--top']), usageError(/^--top needs a value; see "hotline report --help"$/));
  assert.throws(() => parse(['a', '-o']), usageError(/^-o needs a value; /));
  assert.throws(
    () => parse(['a', '--top', '--json']),
    usageError(/^--top needs a value, got "--json", which looks like an option \(write --top=--json if it is the value\); /),
  );
  assert.throws(() => parse(['a', '--json=yes']), usageError(/^--json takes no value; /));
  assert.throws(() => parseCliArgs('bench', ['--x'], options, { unknownOption: (o) => `Unknown option '${o}'` }), usageError(/^Unknown option '--x'$/));
});

test('number converters', () => {
  assert.equal(wholeNumber('3', '--top'), 3);
  assert.equal(wholeNumber('0', '--warmup', { min: 0 }), 0);
  assert.throws(() => wholeNumber('0', '--runs'), usageError(/^--runs must be a whole number >= 1, got "0"$/));
  assert.throws(() => wholeNumber('', '--warmup', { min: 0 }), usageError(/whole number >= 0, got ""/));
  assert.throws(
    () => wholeNumber('1.5', '--top', { expected: 'needs a positive whole number' }),
    usageError(/^--top needs a positive whole number, got "1\.5"$/),
  );
  assert.throws(() => wholeNumber('100001', '--samples', { max: 100_000 }), usageError(/^--samples must be a whole number from 1 to 100000, got "100001"$/));
  assert.equal(positiveNumber('0.5', '--rate'), 0.5);
  assert.throws(() => positiveNumber('fast', '--rate'), usageError(/^--rate needs a positive number, got "fast"$/));
});
