/**
 * Headless Debian chromium through playwright-core (never `playwright install`: it downloads a browser),
 * and the workbench URL that loads our extension in development mode, as test-electron would.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { EXTENSION_DIR, REPO_ROOT, type Sandbox } from './sandbox';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(sandbox: Sandbox): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: run "apt-get install chromium" or set CHROMIUM_PATH.`);
  return chromium.launchPersistentContext(path.join(sandbox.dir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
}

/**
 * The workbench's `payload` parameter takes the same options as a desktop launch; paths are URIs on the
 * server's authority (the browser's location.host).
 */
export function workbenchUrl(server: CodeServer, sandbox: Sandbox, options: { testsPath?: string; installed?: boolean } = {}): string {
  const authority = `127.0.0.1:${server.port}`;
  // `installed`: the extension comes from the sandbox's extensions folder (a .vsix), not from the sources.
  const payload: [string, string][] = options.installed ? [] : [['extensionDevelopmentPath', `vscode-remote://${authority}${EXTENSION_DIR}`]];
  if (options.testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${options.testsPath}`]);
  return `${server.origin}/?folder=${encodeURIComponent(sandbox.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A screenshot and the transcript under .tmp/, for a run that failed. */
export async function keepEvidence(page: Page, name: string, transcript: string[]): Promise<void> {
  const dir = path.join(REPO_ROOT, '.tmp');
  fs.mkdirSync(dir, { recursive: true });
  const shot = path.join(dir, `${name}-failure.png`);
  await page.screenshot({ path: shot }).catch(() => undefined);
  const log = path.join(dir, `${name}-transcript.log`);
  fs.writeFileSync(log, transcript.join('\n') + '\n');
  console.error(`Screenshot: ${shot}\nBrowser and code-server transcript: ${log}`);
}
