/**
 * code-server with the packaged extension installed, in a theme, and a browser page on it whose console
 * lines are collected: what the UI test and the screenshot script both start from.
 */
import type { Page } from 'playwright-core';
import { launchChromium, workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';
import { createSandbox, useTheme } from './sandbox';
import { installVsix, packagedVsix } from './vsix';

export interface InstalledWorkbench {
  page: Page;
  /** code-server's output and the page's console, for evidence when something fails. */
  transcript: string[];
  /** The workbench URL with the sandbox's workspace open. */
  url: string;
  /** The workspace folder (a copy of sample-workspace). */
  workspace: string;
  close(): Promise<void>;
}

export async function openInstalledWorkbench(theme: string): Promise<InstalledWorkbench> {
  const sandbox = createSandbox();
  useTheme(sandbox, theme);
  const transcript: string[] = [];
  await installVsix(sandbox, packagedVsix());
  const server = await startCodeServer(sandbox, (line) => transcript.push(line));
  const context = await launchChromium(sandbox);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => transcript.push(`[${msg.type()}] ${msg.text()}`));
  return {
    page,
    transcript,
    url: workbenchUrl(server, sandbox, { installed: true }),
    workspace: sandbox.workspace,
    async close() {
      await context.close().catch(() => undefined);
      await server.stop();
      sandbox.remove();
    },
  };
}
