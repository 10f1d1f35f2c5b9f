/**
 * "What is slow?": the decision table from a symptom a user can name to the measurement that
 * answers it, so nobody has to know the tools' names. The extension shows `label` and `detail`
 * in a quick pick and starts `mode` (CPU profile, load test, allocation profile, leak finder, benchmark).
 */
import { LANGUAGE_IDS, languagesWith } from '../languages';
import { Language } from './types';

export type Symptom = 'slow-responses' | 'slow-under-load' | 'slow-page-load' | 'high-memory' | 'memory-grows' | 'event-loop-lag' | 'unstable-timings';
export type MeasureMode = 'cpu-profile' | 'load-test' | 'page-audit' | 'allocation-profile' | 'leak-finder' | 'benchmark';

export interface SlowChoice {
  readonly symptom: Symptom;
  readonly label: string;
  readonly detail: string;
  readonly mode: MeasureMode;
  /** Why this measurement answers the symptom (shown after the choice). */
  readonly why: string;
  /** Languages the mode is available for. */
  readonly languages: readonly Language[];
}

const ALL = LANGUAGE_IDS;
const MEMORY = languagesWith('memory');

export const WHAT_IS_SLOW: readonly SlowChoice[] = [
  {
    symptom: 'slow-responses',
    label: 'It takes too long (slow responses, slow runs)',
    detail: 'CPU profile: where the time goes, per function and per line',
    mode: 'cpu-profile',
    why: 'A sampling CPU profile shows which functions and lines the time is spent in.',
    languages: ALL,
  },
  {
    symptom: 'slow-under-load',
    label: 'A service responds slowly under load',
    detail: 'Load test: latency p50–p99 under autocannon, with a CPU profile of the server taken during the load',
    mode: 'load-test',
    why: 'Driving the running service with concurrent requests shows the latency percentiles users get, and a CPU profile taken during exactly that load shows which lines of the handlers spend the time.',
    // The server is profiled with py-spy (Python) or the Node inspector.
    languages: ['python', 'javascript', 'typescript'],
  },
  {
    symptom: 'slow-page-load',
    label: 'A web page loads slowly',
    detail: 'Lighthouse audit: load metrics, render-blocking resources, unused code, the network waterfall',
    mode: 'page-audit',
    why: 'Lighthouse loads the page in Chromium and measures LCP, TBT and the rest; its audits and the request waterfall show what delays the load.',
    languages: ALL,
  },
  {
    symptom: 'high-memory',
    label: 'It uses too much memory',
    detail: 'Allocation profile: which lines allocate the most',
    mode: 'allocation-profile',
    why: 'An allocation profile attributes allocated bytes to the lines that allocate them.',
    languages: MEMORY,
  },
  {
    symptom: 'memory-grows',
    label: 'Memory keeps growing',
    detail: 'Leak finder: snapshots compared over time',
    mode: 'leak-finder',
    why: 'Comparing heap snapshots taken over time shows what keeps growing and who holds it.',
    languages: MEMORY,
  },
  {
    symptom: 'event-loop-lag',
    label: 'The UI or server freezes now and then (event-loop lag)',
    detail: 'CPU profile with a timeline: the long blocking tasks',
    mode: 'cpu-profile',
    why: 'Event-loop lag is synchronous work blocking the loop; a CPU profile with sample times finds the long tasks.',
    languages: languagesWith('eventLoop'),
  },
  {
    symptom: 'unstable-timings',
    label: 'Timings vary from run to run',
    detail: 'Benchmark: median, p95/p99 and spread over repeated runs',
    mode: 'benchmark',
    why: 'Repeated runs with median, percentiles and coefficient of variation tell noise from a real change.',
    languages: ALL,
  },
];

/** The choices that apply to a language (all of them when the language is unknown). */
export function whatIsSlowChoices(language?: Language): SlowChoice[] {
  return WHAT_IS_SLOW.filter((c) => !language || c.languages.includes(language));
}

export function modeForSymptom(symptom: Symptom): MeasureMode {
  const c = WHAT_IS_SLOW.find((x) => x.symptom === symptom);
  if (!c) throw new Error(`unknown symptom ${symptom}`);
  return c.mode;
}
