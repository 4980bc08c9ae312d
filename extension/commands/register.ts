/** Registers every command of the manifest; each handler lives in its own file. */
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../ids';
import type { ViewCommand } from '../../src/protocol';
import { cancelFolderRuns, explainFolder, writeDatasetReport } from '../dataset/explainFolder';
import { chooseTarget } from './chooseTarget';
import { compareMethods } from './compareMethods';
import type { CommandDeps } from './deps';
import { explainPrediction, explainSample } from './explain';
import { exportExplainedModel } from './exportModel';
import { selectModel } from './selectModel';
import { switchMethod } from './switchMethod';

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [Commands.explain]: (arg, selected) => explainPrediction(deps, arg, selected),
    [Commands.explainSample]: () => explainSample(deps),
    [Commands.switchMethod]: (arg) => switchMethod(deps, arg),
    [Commands.selectModel]: (arg) => selectModel(deps, arg),
    [Commands.chooseTarget]: (arg) => chooseTarget(deps, arg),
    [Commands.compareMethods]: (arg) => compareMethods(deps, arg),
    [Commands.cancel]: () => [deps.runner.cancel(), cancelFolderRuns()].some(Boolean),
    [Commands.showOutput]: () => deps.log.show(true),
    [Commands.exportModel]: (arg) => exportExplainedModel(deps, arg),
    [Commands.explainFolder]: (arg) => explainFolder(deps, arg),
    [Commands.writeDatasetReport]: (arg) => writeDatasetReport(arg),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

/** Runs a command a panel button asked for; the view may only name commands from its protocol. */
export function runViewCommand(command: ViewCommand): void {
  if (command === 'explain.openSettings') {
    void vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
  } else {
    void vscode.commands.executeCommand(command);
  }
}
