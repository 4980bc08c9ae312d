/**
 * Runs the same extension-host suite in desktop VS Code through @vscode/test-electron, for machines that
 * can download VS Code (this offline one cannot: use runInCodeServer.js here).
 * Usage: node out/test/vscode/runInElectron.js   (env VSCODE_TEST_VERSION, default the code-server's 1.100.3)
 */
import { runTests } from '@vscode/test-electron';
import { createSandbox, EXTENSION_DIR, SUITE_INDEX } from './sandbox';

async function main(): Promise<number> {
  const sandbox = createSandbox();
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
      extensionDevelopmentPath: EXTENSION_DIR,
      extensionTestsPath: SUITE_INDEX,
      launchArgs: [
        sandbox.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        `--user-data-dir=${sandbox.userDataDir}`,
        `--extensions-dir=${sandbox.extensionsDir}`,
      ],
    });
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(message);
    if (/ENOTFOUND|getaddrinfo|ECONNREFUSED/.test(message)) {
      console.error('VS Code cannot be downloaded from this machine: run the same suite in code-server with "npm run test:vscode".');
    }
    return 1;
  } finally {
    sandbox.remove();
  }
}

main().then((code) => process.exit(code));
