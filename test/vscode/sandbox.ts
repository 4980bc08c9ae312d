/**
 * A throwaway place for one VS Code test run: a copy of the sample workspace (tests write settings and
 * files into it) and fresh user data with settings that keep the workbench quiet. Shared by both launchers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root, from out/test/vscode/*.js. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/**
 * The extension under test: the repository itself, or (EXPLAIN_EXTENSION_DIR) the `extension/` folder of an
 * unpacked .vsix, to prove the package carries everything it loads at run time.
 */
export const EXTENSION_DIR = process.env.EXPLAIN_EXTENSION_DIR ? path.resolve(process.env.EXPLAIN_EXTENSION_DIR) : REPO_ROOT;
/** The suite module both launchers hand to VS Code as extensionTestsPath. */
export const SUITE_INDEX = path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');

export interface Sandbox {
  dir: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  remove(): void;
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

export function createSandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-vscode-'));
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'sample-workspace'), workspace, { recursive: true });
  return prepare(dir, workspace, () => fs.rmSync(dir, { recursive: true, force: true }));
}

/** For people, not tests: the sample workspace itself, and user data kept in .tmp/ between launches. */
export function launchSandbox(): Sandbox {
  const dir = path.join(REPO_ROOT, '.tmp', 'launch');
  fs.mkdirSync(dir, { recursive: true });
  return prepare(dir, path.join(REPO_ROOT, 'sample-workspace'), () => undefined);
}

function prepare(dir: string, workspace: string, remove: () => void): Sandbox {
  const userDataDir = path.join(dir, 'user-data');
  const settings = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify(QUIET_SETTINGS, null, 2));
  const extensionsDir = path.join(dir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (!fs.existsSync(SUITE_INDEX)) throw new Error(`${SUITE_INDEX} is missing: run "npm run build" first.`);
  if (!fs.existsSync(path.join(EXTENSION_DIR, 'dist', 'extension.js'))) throw new Error(`${EXTENSION_DIR}/dist/extension.js is missing: run "npm run bundle" first.`);
  return { dir, workspace, userDataDir, extensionsDir, remove };
}

/** The workbench's colour theme in the sandbox's user settings (the view must read well in dark, light and high-contrast themes). */
export function useTheme(sandbox: Sandbox, theme: string): void {
  const file = path.join(sandbox.userDataDir, 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
}
