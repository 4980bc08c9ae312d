/**
 * End to end: the command explains a sample image in the worker, the panel draws it, and the numbers are
 * the engine's own (a separate EngineClient in the test computes the same request).
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExplainRequest } from '../../../src/protocol';
import { EngineClient } from '../../../src/worker/client';
import { Commands } from '../../../extension/ids';
import { api, assertClose, bundledModel, extension, nextRender, ok, panelTab, resetSettings, run, sampleImage, setSetting } from './helpers';

const FISH = 'images/winml_fish.png';
const TENCH = 0;

describe('explain', () => {
  let engine: EngineClient;

  before(async () => {
    await api();
    engine = new EngineClient({ workerPath: path.join(extension().extensionPath, 'dist', 'worker.js') });
  });
  after(async () => {
    await engine?.dispose();
    await resetSettings();
  });

  it('explains a sample image with the default model and method (LRP epsilon-plus), and the panel shows the engine\'s result', async () => {
    const rendered = nextRender();
    const outcome = ok(await run(Commands.explain, vscode.Uri.file(sampleImage(FISH))));
    const [result] = outcome.results;
    assert.strictEqual(result.method, 'lrp');
    assert.strictEqual(result.params.composite, 'epsilon-plus');
    assert.strictEqual(result.target, TENCH, `the fish should be a tench, got ${result.target} (${result.label})`);
    assert.ok(result.layers.length > 0, 'per-layer records are present');

    const shown = await rendered;
    assert.deepStrictEqual(shown.methods, ['lrp']);
    assertClose(shown.relevanceSums[0], result.relevanceSum, 1e-9, 'the panel shows the result it was given');
    assert.ok(panelTab(), 'the explanation panel is open');

    const request: ExplainRequest = { model: { path: bundledModel('squeezenet1.1.onnx') }, image: { path: sampleImage(FISH) }, method: 'lrp', params: { composite: 'epsilon-plus' } };
    const direct = await engine.explain(request);
    assert.strictEqual(direct.target, result.target);
    assertClose(result.relevanceSum, direct.relevanceSum, 1e-5, 'relevance sum, extension vs engine');
    assertClose(result.score, direct.score, 1e-5, 'explained score, extension vs engine');
  });

  it('switching the method remembers it and re-runs the open explanation', async () => {
    await setSetting('params.steps', 8);
    const rendered = nextRender();
    const outcome = ok(await run(Commands.switchMethod, 'integrated-gradients'));
    assert.strictEqual(outcome.results[0].method, 'integrated-gradients');
    assert.strictEqual(vscode.workspace.getConfiguration('explain').get('method'), 'integrated-gradients');
    assert.deepStrictEqual((await rendered).methods, ['integrated-gradients']);
    assert.deepStrictEqual((await api()).shownRequests().map((r) => r.method), ['integrated-gradients']);
    assert.strictEqual(path.basename((await api()).shownRequests()[0].imagePath), path.basename(FISH));
  });

  it('choosing a target class re-runs for that class', async () => {
    const rendered = nextRender();
    const outcome = ok(await run(Commands.chooseTarget, 5));
    assert.strictEqual(outcome.results[0].target, 5);
    assertClose((await rendered).relevanceSums[0], outcome.results[0].relevanceSum, 1e-9, 'shown sum');
    assert.strictEqual((await api()).shownRequests()[0].target, 5);
  });

  it('compares methods side by side', async () => {
    const rendered = nextRender();
    const outcome = ok(await run(Commands.compareMethods, ['gradient', 'guided-backprop']));
    assert.deepStrictEqual(outcome.results.map((r) => r.method), ['gradient', 'guided-backprop']);
    const shown = await rendered;
    assert.deepStrictEqual(shown.methods, ['gradient', 'guided-backprop']);
    outcome.results.forEach((r, i) => assertClose(shown.relevanceSums[i], r.relevanceSum, 1e-9, `${r.method} sum`));
  });

  it('selects the bundled MNIST sample and explains a digit with it', async () => {
    await setSetting('method', 'gradient');
    const selected = await vscode.commands.executeCommand<{ status: string; info?: { classes: number } }>(
      Commands.selectModel,
      'bundled:mnist_cntk_winml.onnx',
    );
    assert.strictEqual(selected?.status, 'ok', JSON.stringify(selected));
    assert.strictEqual(selected?.info?.classes, 10);
    const outcome = ok(await run(Commands.explain, sampleImage('mnist/mnist_wonnx_3_28.png')));
    assert.strictEqual(outcome.results[0].target, 3);
    assert.strictEqual(outcome.results[0].label, '3');
  });
});
