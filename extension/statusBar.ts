/**
 * The status bar item: which model and method the next explanation uses; a click switches the method.
 * Follows the settings, so what it says is what "Explain prediction" will do.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { CONFIG_SECTION, Commands } from './ids';
import { currentChoice, shortName } from './methodChoices';
import { chooseModel } from './modelSource';
import * as settings from './settings';

export interface StatusBarInfo {
  text: string;
  tooltip: string;
  command: string | undefined;
}

export class MethodStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('explain.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.item.name = 'Explain: model and method';
    this.item.command = Commands.switchMethod;
    this.update();
    this.item.show();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) this.update();
    });
  }

  /** What the item shows, for the extension-host tests. */
  get info(): StatusBarInfo {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), command: typeof this.item.command === 'string' ? this.item.command : this.item.command?.command };
  }

  update(): void {
    const model = chooseModel(this.extensionUri);
    const choice = currentChoice(settings.method(), settings.composite());
    const modelName = path.basename(model.file).replace(/\.(onnx|explain\.json|json)$/i, '');
    const warning = settings.methodWarning();
    this.item.text = `${warning ? '$(warning)' : '$(eye)'} ${modelName} · ${shortName(choice)}`;
    const where = model.isDefault ? 'bundled default' : model.file;
    this.item.tooltip = `Explain: ${path.basename(model.file)} (${where}), ${choice.paper}: ${choice.label.toLowerCase()}.${warning ? ` ${warning}` : ''} Click to switch the method.`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
