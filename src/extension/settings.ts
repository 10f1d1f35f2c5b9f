/** Typed access to the `hotline.*` settings the extension reads (declared in package.json). */
import * as vscode from 'vscode';
import type { DisplayUnit } from '../core/annotations/weightFormat';

export interface AnnotationSettings {
  enabled: boolean;
  thresholdPercent: number;
  codeLensThresholdPercent: number;
  gutter: boolean;
  inline: boolean;
  overviewRuler: boolean;
  codeLens: boolean;
  unit: DisplayUnit;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('hotline');
}

function num(key: string, fallback: number, min = -Infinity, max = Infinity): number {
  const v = config().get<number>(key);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

export function annotationSettings(): AnnotationSettings {
  const c = config();
  const unit = c.get<string>('annotations.unit', 'auto');
  return {
    enabled: c.get<boolean>('annotations.enabled', true),
    thresholdPercent: num('annotations.threshold', 1, 0, 100),
    codeLensThresholdPercent: num('annotations.codeLensThreshold', 5, 0, 100),
    gutter: c.get<boolean>('annotations.gutter', true),
    inline: c.get<boolean>('annotations.inline', true),
    overviewRuler: c.get<boolean>('annotations.overviewRuler', true),
    codeLens: c.get<boolean>('annotations.codeLens', true),
    unit: (['auto', 'samples', 'time', 'percent'] as const).find((u) => u === unit) ?? 'auto',
  };
}

/** Executables are machine-scoped settings; an empty value means "look it up on PATH". */
export function executableSetting(
  key: 'python.interpreter' | 'node.executable' | 'go.executable' | 'cargo.executable' | 'pyspy.executable' | 'perf.executable',
): string | undefined {
  const v = config().get<string>(key, '').trim();
  return v === '' ? undefined : v;
}

export interface RunSettings {
  rateHz: number;
  nodeIntervalMicros: number;
  timeoutMs: number;
  pythonProfiler: 'auto' | 'py-spy' | 'cProfile';
  pythonNative: boolean;
  pythonSubprocesses: boolean;
  attachSeconds: number;
}

export function runSettings(): RunSettings {
  const c = config();
  const prof = c.get<string>('python.profiler', 'auto');
  return {
    rateHz: num('sampling.rate', 200, 1, 10_000),
    nodeIntervalMicros: num('node.samplingIntervalMicros', 1000, 10),
    timeoutMs: num('profile.timeoutSeconds', 300, 1) * 1000,
    pythonProfiler: prof === 'py-spy' || prof === 'cProfile' ? prof : 'auto',
    pythonNative: c.get<boolean>('python.native', false),
    pythonSubprocesses: c.get<boolean>('python.subprocesses', false),
    attachSeconds: num('attach.seconds', 10, 1, 3600),
  };
}

export function profilesFolderSetting(): string | undefined {
  const v = config().get<string>('profilesFolder', '').trim();
  return v === '' ? undefined : v;
}
