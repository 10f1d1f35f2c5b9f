/** After a quick fix in a profiled file: "Measure again" re-runs the same profile and opens the diff. */
import * as vscode from 'vscode';
import type { ActiveProfile } from './activeProfile';
import type { RunCommands } from './runCommands';

export function offerMeasureAgain(uri: vscode.Uri, active: ActiveProfile, run: RunCommands): void {
  if (!vscode.workspace.getConfiguration('hotline').get<boolean>('measureAgain.offerAfterQuickFix', true)) return;
  const annotator = active.annotator();
  if (!annotator || uri.scheme !== 'file' || annotator.paths.match(uri.fsPath) === undefined) return;
  const previous = run.measurable();
  if (!previous) return;
  void vscode.window
    .showInformationMessage(`Hotline: fix applied in a profiled file. Measure again to see the difference against "${previous.name}"?`, 'Measure Again')
    .then((choice) => choice && run.measureAgain());
}
