/** `hotline report <profile-file> [--json] [--top N]`: top functions and hot lines of any profile. */
import { GO_TRACE_USAGE, goTraceProfileArg, parseCliArgs, wholeNumber } from '../args';
import { CliCommand, CliUsageError } from '../command';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXPORTERS, exporterById } from '../../core/export/index';
import { IMPORTERS } from '../../core/importers/registry';
import { ProfileFormatError } from '../../core/model/profile';
import { buildReport, ProfileReport } from '../../core/report';
import { loadProfileSource } from '../../profilers/profileLoader';

const USAGE = `Usage: hotline report <profile-file> [--json] [--top N] [--format ID] [--thread NAME|TID] [--export ID -o OUT] [--go-trace KIND]

Prints the top functions and the hottest lines of a profile, sorted by self weight.
  --json      print exactly one JSON object {format, unit, total, functions, lines}
  --top N     how many functions and lines (default 20)
  --format ID skip detection and read the file as format ID
  --thread T  for files with several profiled threads (Chrome traces, Firefox profiles): the thread
              named T, with tid T or with id PID:TID (default: the page's main thread; the notes list the others)
  --export ID write the profile to OUT (-o) as well, in format ID:
${EXPORTERS.map((e) => `                ${e.id.padEnd(11)}${e.label}`).join('\n')}
${GO_TRACE_USAGE}

Formats, detected from the content (ID, what it reads):
${IMPORTERS.map((i) => `  ${i.id.padEnd(13)}${i.label}`).join('\n')}`;

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'top functions and hot lines of a profile file (--json for machines)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals: files } = parseCliArgs('report', argv, {
      json: { type: 'boolean' },
      top: { type: 'string' },
      format: { type: 'string' },
      thread: { type: 'string' },
      export: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'go-trace': { type: 'string' },
    });
    const goTraceProfile = goTraceProfileArg(values['go-trace']);
    const json = !!values.json;
    const top = values.top === undefined ? 20 : wholeNumber(values.top, '--top', { expected: 'needs a positive whole number' });
    const format = values.format;
    if (format === '') throw new CliUsageError('--format needs a format id');
    const thread = values.thread;
    if (thread === '') throw new CliUsageError('--thread needs a thread name or tid');
    const exporter = values.export === undefined ? undefined : exporterById(values.export);
    if (values.export !== undefined && !exporter) throw new CliUsageError(`--export needs one of: ${EXPORTERS.map((e) => e.id).join(', ')}`);
    if (!!exporter !== (values.output !== undefined && values.output !== '')) throw new CliUsageError('--export ID and -o OUT go together');
    if (files.length !== 1) throw new CliUsageError('report needs exactly one profile file; see "hotline report --help"');
    const file = files[0]!;
    let report: ProfileReport;
    let notes: string[] = [];
    try {
      const profile = await loadProfileSource(file, { format, thread, goTraceProfile });
      report = buildReport(profile, { top });
      notes = profile.metadata.notes ?? [];
      if (exporter) {
        const out = resolve(io.cwd, values.output!);
        await writeFile(out, exporter.write(profile));
        if (!json) notes = [...notes, `wrote ${out} (${exporter.id})`];
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') throw new CliUsageError(`cannot read ${file}: no such file`);
      if (err.code === 'EISDIR') throw new CliUsageError(`${file} is a directory, not a profile file`);
      if (err.code === 'EACCES') throw new CliUsageError(`cannot read ${file}: permission denied`);
      if (e instanceof ProfileFormatError) throw new CliUsageError(oneLine(e.message));
      throw e;
    }
    io.stdout(json ? `${JSON.stringify(report)}\n` : renderTable(report, notes));
    return 0;
  },
};

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** Profile text is untrusted: control characters (ANSI escapes, newlines, NUL) are shown escaped. */
function safe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function fmt(v: number, unit: string): string {
  if (unit === 'nanoseconds') return v >= 1e9 ? `${(v / 1e9).toFixed(2)}s` : v >= 1e6 ? `${(v / 1e6).toFixed(1)}ms` : `${(v / 1e3).toFixed(1)}µs`;
  if (unit === 'bytes') return v >= 1024 ** 2 ? `${(v / 1024 ** 2).toFixed(1)}MB` : v >= 1024 ? `${(v / 1024).toFixed(1)}KB` : `${v}B`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function pct(v: number, total: number): string {
  return total > 0 ? `${((100 * v) / total).toFixed(1)}%` : '-';
}

function renderTable(r: ProfileReport, notes: string[]): string {
  // Importer notes say what the numbers can and cannot mean (synthetic stacks, dropped records).
  const out: string[] = [`${r.format} profile, total ${fmt(r.total, r.unit)} (${r.unit})`, ...notes.map((n) => `note: ${safe(n)}`), ''];
  out.push('Top functions (by self)');
  out.push(`${'self'.padStart(10)} ${'self%'.padStart(6)} ${'total'.padStart(10)} ${'total%'.padStart(6)}  function  location`);
  for (const f of r.functions) {
    const loc = f.file ? `${safe(f.file)}${f.line ? `:${f.line}` : ''}` : '(unknown)';
    out.push(
      `${fmt(f.self, r.unit).padStart(10)} ${pct(f.self, r.total).padStart(6)} ${fmt(f.total, r.unit).padStart(10)} ${pct(f.total, r.total).padStart(6)}  ${safe(f.name)}  ${loc}`,
    );
  }
  out.push('', 'Hot lines (by self)');
  if (r.lines.length === 0) out.push('  (this profile records no source lines)');
  for (const l of r.lines) {
    out.push(
      `${fmt(l.self, r.unit).padStart(10)} ${pct(l.self, r.total).padStart(6)} ${fmt(l.total, r.unit).padStart(10)} ${pct(l.total, r.total).padStart(6)}  ${safe(l.file)}:${l.line}`,
    );
  }
  return out.join('\n') + '\n';
}
