/**
 * The read-only custom editor `.onnx` files open in (the manifest's customEditors, priority default); "Open
 * With..." still offers VS Code's text/binary editor. The document is only a URI: the inspector reads the file.
 */
import * as vscode from 'vscode';
import { INSPECTOR_VIEW_TYPE } from '../ids';
import { type InspectorDeps, ModelInspector } from './ModelInspector';

export function registerInspector(deps: InspectorDeps): vscode.Disposable {
  const provider: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
    resolveCustomEditor: (document, panel) => {
      new ModelInspector(document.uri.fsPath, panel, deps);
    },
  };
  return vscode.window.registerCustomEditorProvider(INSPECTOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true });
}
