/**
 * Runs the extension-host suite (test/vscode/suite) inside code-server's real Node extension host, driven
 * by headless chromium, and exits with the suite's code. When the suite's run() settles, the workbench
 * calls window.codeAutomationExit(code).
 * Usage: node out/test/vscode/runInCodeServer.js   (env CHROMIUM_PATH, EXPLAIN_TEST_TIMEOUT_S, EXPLAIN_TEST_VERBOSE=1)
 */
import { keepEvidence, launchChromium, workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';
import { createSandbox, SUITE_INDEX } from './sandbox';
import { SUITE_MARKER } from './suite/marker';

const TIMEOUT_MS = Number(process.env.EXPLAIN_TEST_TIMEOUT_S ?? 900) * 1000;
/** EXPLAIN_TEST_VERBOSE=1 prints the whole browser console and code-server's output as they come. */
const VERBOSE = process.env.EXPLAIN_TEST_VERBOSE === '1';
const SUMMARY = /^vscode-suite: (\d+) passed, (\d+) failed/;
/** The extension host ending by a signal or a non-zero code (a normal end after the suite is "code: 0, signal: null"). */
const EXT_HOST_CRASH = /Extension Host Process exited with code: (?!0,)\S+, signal|Extension Host Process exited with code: \S+, signal: (?!null)/;

async function main(): Promise<number> {
  const sandbox = createSandbox();
  const transcript: string[] = [];
  const server = await startCodeServer(sandbox, (line) => (VERBOSE ? console.log(line) : transcript.push(line)));
  const context = await launchChromium(sandbox);
  let code = 1;
  let summary: RegExpExecArray | null = null;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const exited = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (c: number) => resolve(c)));
    page.on('console', (msg) => {
      const text = msg.text();
      transcript.push(`[${msg.type()}] ${text}`);
      // Only the suite's own lines are printed; the workbench's chatter stays in the transcript.
      const marker = text.indexOf(SUITE_MARKER);
      if (marker >= 0) summary = SUMMARY.exec(text.slice(marker + SUITE_MARKER.length)) ?? summary;
      if (VERBOSE) console.log(`[browser ${msg.type()}] ${text}`);
      else if (marker >= 0) console.log(text.slice(marker + SUITE_MARKER.length));
    });
    page.on('pageerror', (err) => transcript.push(`[pageerror] ${err.message}`));

    console.log(`Running the extension-host suite in code-server at ${server.origin} (workspace ${sandbox.workspace})`);
    await page.goto(workbenchUrl(server, sandbox, { testsPath: SUITE_INDEX }));

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), TIMEOUT_MS)));
    code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === -1) console.error(`The suite did not finish within ${TIMEOUT_MS / 1000} s.`);
    // The workbench also "exits" when the extension host dies (a crash once gave 0): only a finished
    // suite with no failure counts.
    const crashed = transcript.find((l) => EXT_HOST_CRASH.test(l));
    const s = summary as RegExpExecArray | null;
    if (code === 0 && (crashed || !s || s[2] !== '0' || s[1] === '0')) {
      console.error(crashed ? `The extension host died: ${crashed}` : 'The suite did not report "N passed, 0 failed".');
      code = 1;
    }
    if (code !== 0) await keepEvidence(page, 'vscode-suite', transcript);
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
    if (code === 0) sandbox.remove();
    else console.error(`Sandbox kept for inspection: ${sandbox.dir}`);
  }
  return code === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
