/** Every trace format Hotline reads, one line each, in detection order. */
import { groupByTrace, type Trace } from '../model';
import { jaegerImporter } from './jaeger';
import { otlpImporter } from './otlp';
import { TraceFormatError, type TraceImporter } from './types';
import { zipkinImporter } from './zipkin';

export { TraceFormatError } from './types';

const TRACE_IMPORTERS: readonly TraceImporter[] = [zipkinImporter, otlpImporter, jaegerImporter];

export interface ImportedTraces {
  readonly format: string;
  readonly traces: Trace[];
}

/** Parses JSON, or JSON Lines (the OTLP file exporter's one request per line) into an array. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (whole) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length < 2) throw new TraceFormatError(`not JSON: ${(whole as Error).message}`);
    return lines.map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        throw new TraceFormatError(`line ${i + 1} is not JSON: ${(e as Error).message}`);
      }
    });
  }
}

/** Reads a trace document in any supported format (or the one named by `format`). */
export function parseTraceText(text: string, format?: string): ImportedTraces {
  const doc = parseJson(text);
  const probe = Array.isArray(doc) && doc.length > 0 && !Array.isArray(doc[0]) && otlpImporter.detect(doc[0]) ? doc[0] : doc;
  const importer = format ? TRACE_IMPORTERS.find((i) => i.id === format) : TRACE_IMPORTERS.find((i) => i.detect(probe));
  if (!importer) {
    const known = TRACE_IMPORTERS.map((i) => `${i.label} (${i.id})`).join(', ');
    throw new TraceFormatError(format ? `unknown trace format "${format}"; known: ${known}` : `not a trace file Hotline reads; known formats: ${known}`);
  }
  return { format: importer.id, traces: groupByTrace(importer.read(doc)) };
}
