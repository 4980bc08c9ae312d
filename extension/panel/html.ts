/**
 * The panel's HTML shell: a strict Content-Security-Policy, scripts only with a per-load nonce, and
 * every resource through asWebviewUri from the roots the panel allows.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

/** The folders the webview may load from: the bundled script (with the toolkit inside) and the stylesheet. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri), retainContextWhenHidden: false };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, {
    title: 'Explanation',
    script: 'webview.js',
    styles: ['base.css', 'panel.css', 'stage.css'],
    body: `<div id="status" role="status" aria-live="polite"></div>
  <main id="root"><p class="empty">Right-click an image and choose "Explain prediction".</p></main>`,
  });
}

/** A page of the extension's: `script` from dist/, `styles` from media/, `body` as given (static markup only; `title` is escaped). */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: { title: string; script: string; styles: string[]; body: string }): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', page.script));
  const styles = page.styles.map((s) => `<link href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', s))}" rel="stylesheet">`);
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    // The nonce lets the toolkit's one <style> probe (FAST's :focus-visible check, which reads the csp-nonce
    // meta below) run; everything else is the stylesheet from the extension.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta property="csp-nonce" content="${nonce}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${styles.join('\n  ')}
  <title>${escapeHtml(page.title)}</title>
</head>
<body>
  ${page.body}
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
