/**
 * The Python interpreter to profile with: the one selected in the Python extension when it is
 * installed (its public API), else `hotline.python.interpreter`, else `python3` on PATH.
 */
import * as vscode from 'vscode';
import { hotlineLog } from './log';
import { executableSetting } from './settings';

interface PythonEnvironmentApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined };
}

export interface InterpreterChoice {
  path: string;
  source: 'python-extension' | 'setting' | 'default';
}

export async function pythonInterpreter(resource: vscode.Uri | undefined): Promise<InterpreterChoice> {
  const ext = vscode.extensions.getExtension<PythonEnvironmentApi>('ms-python.python');
  if (ext) {
    try {
      const api = ext.isActive ? ext.exports : await ext.activate();
      const envPath = api?.environments?.getActiveEnvironmentPath(resource);
      if (envPath) {
        const resolved = await api.environments!.resolveEnvironment(envPath);
        const exe = resolved?.executable?.uri?.fsPath;
        if (exe) return { path: exe, source: 'python-extension' };
      }
      const exec = api?.settings?.getExecutionDetails?.(resource)?.execCommand?.[0];
      if (exec) return { path: exec, source: 'python-extension' };
    } catch (err) {
      hotlineLog().warn(`the Python extension did not give an interpreter (${(err as Error).message}); using settings`);
    }
  }
  const configured = executableSetting('python.interpreter');
  if (configured) return { path: configured, source: 'setting' };
  return { path: 'python3', source: 'default' };
}
