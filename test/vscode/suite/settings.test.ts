/**
 * Never silent: a setting that names no method warns (and says which method runs instead), an engine error
 * about a parameter names the setting it came from, and the status bar says what the next explanation uses.
 */
import * as assert from 'assert';
import { Commands } from '../../../extension/ids';
import { api, failed, ok, resetSettings, run, sampleImage, setSetting } from './helpers';

/** The status bar after the configuration event has been handled. */
async function statusBarText(want: RegExp): Promise<string> {
  const { statusBar } = await api();
  for (let i = 0; i < 50 && !want.test(statusBar().text); i++) await new Promise((r) => setTimeout(r, 20));
  return statusBar().text;
}

describe('settings', () => {
  before(api);
  afterEach(resetSettings);

  it('explain.method "nope" warns, naming the setting, and explains with the default (LRP epsilon-plus)', async () => {
    await setSetting('method', 'nope');
    const outcome = ok(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    assert.strictEqual(outcome.results[0].method, 'lrp');
    assert.strictEqual(outcome.results[0].params.composite, 'epsilon-plus');
    assert.ok(outcome.warnings?.some((w) => /explain\.method is "nope", which is not a method; explaining with lrp/.test(w)), JSON.stringify(outcome.warnings));
    assert.match(await statusBarText(/warning/), /^\$\(warning\) /, 'the status bar shows the warning too');
  });

  it('an engine error about a parameter names the setting: explain.params.steps', async () => {
    await setSetting('method', 'integrated-gradients');
    await setSetting('params.steps', -3);
    const outcome = failed(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    assert.strictEqual(outcome.code, 'BAD_ARGUMENT');
    assert.match(outcome.message, /^The setting explain\.params\.steps must be a positive integer \(got -3\)/);
  });

  it('a rule set in explain.params.rule replaces the default composite', async () => {
    await setSetting('method', 'lrp');
    await setSetting('params.rule', 'zplus');
    const outcome = ok(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    assert.strictEqual(outcome.results[0].params.rule, 'zplus');
    assert.strictEqual(outcome.results[0].params.composite, undefined);
    await setSetting('params.rule', undefined);
  });

  it('the status bar names the model and the method and switches the method on click', async () => {
    const { statusBar } = await api();
    assert.match(await statusBarText(/LRP epsilon-plus/), /squeezenet1\.1 · LRP epsilon-plus$/);
    assert.strictEqual(statusBar().command, Commands.switchMethod);
    assert.match(statusBar().tooltip, /bundled default/);
    await setSetting('method', 'grad-cam');
    assert.match(await statusBarText(/Grad-CAM/), /squeezenet1\.1 · Grad-CAM$/);
    await setSetting('model', 'bundled:mnist_cntk_winml.onnx');
    assert.match(await statusBarText(/mnist/), /mnist_cntk_winml · Grad-CAM$/);
  });

  it('switching to an LRP preset stores the method and the composite and re-runs with both', async () => {
    ok(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    const outcome = ok(await run(Commands.switchMethod, 'lrp:epsilon-alpha2-beta1'));
    assert.strictEqual(outcome.results[0].method, 'lrp');
    assert.strictEqual(outcome.results[0].params.composite, 'epsilon-alpha2-beta1');
    const { statusBar } = await api();
    assert.match(await statusBarText(/alpha2/), /LRP epsilon-alpha2-beta1$/);
    assert.match(statusBar().text, /LRP epsilon-alpha2-beta1$/);
  });

  it('explain.params.seed seeds a noise baseline too, as its description says', async () => {
    await setSetting('method', 'integrated-gradients');
    await setSetting('params.steps', 2);
    await setSetting('baseline', 'noise');
    await setSetting('params.seed', 7);
    const outcome = ok(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    assert.deepStrictEqual(outcome.results[0].params.baseline, { kind: 'noise', seed: 7 });
    assert.ok(outcome.results[0].notes.some((n) => /seed 7/.test(n)), outcome.results[0].notes.join(' | '));
    await setSetting('baseline', undefined);
    await setSetting('params.seed', undefined);
  });
});
