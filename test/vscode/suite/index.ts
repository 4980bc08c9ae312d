/**
 * The extension-host test entry (extensionTestsPath): runs every *.test.js beside it with Mocha, inside the
 * real extension host, under either launcher. Ends with a plain "N passed, N failed" line for CI logs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';
import { SUITE_MARKER } from './marker';

/**
 * The extension host forwards console lines to the workbench with its own prefix and unformatted "%s"
 * arguments; formatting here and marking each line lets the launcher print exactly the suite's report.
 */
function report(...args: unknown[]): void {
  for (const line of format(...args).split('\n')) console.log(`${SUITE_MARKER}${line}`);
}

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = report;
  // EXPLAIN_TEST_GREP runs only the tests whose title matches, EXPLAIN_TEST_FILES=a.test.js,b.test.js only those
  // files (one feature's tests while working on it).
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec', ...(process.env.EXPLAIN_TEST_GREP && { grep: process.env.EXPLAIN_TEST_GREP }) });
  const only = process.env.EXPLAIN_TEST_FILES?.split(',');
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (!only || only.includes(f))).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      report(`vscode-suite: ${passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed.`));
      else if (passed === 0) reject(new Error('The extension-host suite ran no test.'));
      else resolve();
    });
  });
}
