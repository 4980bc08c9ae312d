/**
 * The packaged extension (`npm run package`) installed into a sandbox's code-server, as a user installs it:
 * the browser test runs against exactly what ships.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { CODE_SERVER_BIN } from './codeServer';
import { REPO_ROOT, type Sandbox } from './sandbox';

/** The .vsix `npm run package` writes: <name>-linux-x64-<version>.vsix at the repository root. */
export function packagedVsix(): string {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const file = path.join(REPO_ROOT, `${name}-linux-x64-${version}.vsix`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run package" first.`);
  return file;
}

export async function installVsix(sandbox: Sandbox, vsix: string): Promise<void> {
  await promisify(execFile)(
    CODE_SERVER_BIN,
    ['--user-data-dir', sandbox.userDataDir, '--extensions-dir', sandbox.extensionsDir, '--install-extension', vsix],
    { env: { ...process.env, XDG_DATA_HOME: path.join(sandbox.dir, 'xdg-data'), XDG_CONFIG_HOME: path.join(sandbox.dir, 'xdg-config') }, timeout: 120_000 },
  );
}
