/** Cancel stops a long computation within a second, and the extension keeps working after it. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../../extension/ids';
import { api, ok, resetSettings, run, sampleImage, setSetting } from './helpers';

describe('cancel', () => {
  before(api);
  after(resetSettings);

  it('cancels a long Integrated Gradients run within a second', async () => {
    await setSetting('method', 'integrated-gradients');
    await setSetting('params.steps', 4096); // minutes of work on the default model
    const started = vscode.commands.executeCommand(Commands.explain, vscode.Uri.file(sampleImage('images/rocket.png')));
    await new Promise((r) => setTimeout(r, 2500));
    const cancelledAt = Date.now();
    assert.strictEqual(await vscode.commands.executeCommand(Commands.cancel), true, 'a run was in progress');
    const outcome = await started;
    const latency = Date.now() - cancelledAt;
    assert.deepStrictEqual(outcome, { status: 'cancelled' });
    assert.ok(latency < 1000, `cancel took ${latency} ms`);
  });

  it('explains again right after a cancel, so the cancelled computation really stopped', async () => {
    await setSetting('method', 'gradient');
    const started = Date.now();
    const outcome = ok(await run(Commands.explain, sampleImage('images/rocket.png')));
    assert.strictEqual(outcome.results[0].method, 'gradient');
    // Still running the 4096 steps would take minutes; a gradient takes well under a second when warm.
    assert.ok(Date.now() - started < 5000, `the next explanation took ${Date.now() - started} ms`);
  });
});
