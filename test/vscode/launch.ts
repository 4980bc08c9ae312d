/**
 * Opens the extension in the sample workspace in code-server (the fallback of launch.sh when desktop VS Code
 * is not installed) and prints the URL; runs until Ctrl+C. Loopback only, no password: it is for this machine.
 * Usage: node out/test/vscode/launch.js   (env EXPLAIN_PORT, default 8080)
 */
import { workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';
import { launchSandbox } from './sandbox';

async function main(): Promise<void> {
  const sandbox = launchSandbox();
  const server = await startCodeServer(sandbox, (line) => console.log(line), Number(process.env.EXPLAIN_PORT ?? 8080));
  console.log(`\nExplain is running in code-server. Open this URL in a browser on this machine:\n\n  ${workbenchUrl(server, sandbox)}\n`);
  console.log('Right-click an image in images/ and choose "Explain prediction". Ctrl+C stops the server.');
  const stop = (): void => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
