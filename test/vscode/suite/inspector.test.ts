/**
 * The model inspector (issue 16): an .onnx opens in it by default, its page draws the summary and graph and then
 * the "Can it be explained?" table, an op without a backward rule is marked with the methods it stops, a file
 * that is not ONNX gets the engine's message, "Open With" still offers the text editor, and after an explanation
 * of the model the graph's boxes show relevance.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands, INSPECTOR_VIEW_TYPE } from '../../../extension/ids';
import type { InspectorDrawn } from '../../../src/protocol';
import { UNSUPPORTED_OP, writeNotOnnx, writeUnsupportedOpModel } from './fixtures';
import { api, bundledModel, ok, resetSettings, run, sampleImage, workspaceDir } from './helpers';

/** The next time an inspector of `modelPath` reports it drew `section`. */
async function nextDrawn(modelPath: string, section: InspectorDrawn['section'], timeoutMs = 60_000): Promise<InspectorDrawn> {
  const { onDidDrawInspector } = await api();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the inspector of ${modelPath} did not draw its ${section} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const sub = onDidDrawInspector((e) => {
      if (e.modelPath !== modelPath || e.drawn.section !== section) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.drawn);
    });
  });
}

function activeTabInput(): unknown {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.input;
}

describe('model inspector', () => {
  before(api);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
  });

  it('an .onnx opens in the inspector by default: summary and graph, then every op of the path with the methods', async () => {
    const model = bundledModel('squeezenet1.1.onnx');
    const structure = nextDrawn(model, 'structure');
    const report = nextDrawn(model, 'report');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(model));
    const input = activeTabInput();
    assert.ok(input instanceof vscode.TabInputCustom && input.viewType === INSPECTOR_VIEW_TYPE, `opened in ${JSON.stringify(input)}`);
    const drawn = await structure;
    // SqueezeNet 1.1: 26 convolutions with their ReLUs, the pools, the fire modules' concats and the softmax.
    assert.ok(drawn.graphBoxes >= 60, `${drawn.graphBoxes} boxes`);
    const checked = await report;
    const ops = checked.ops.map((o) => o.op);
    for (const op of ['Conv', 'Relu', 'MaxPool', 'Concat']) assert.ok(ops.includes(op), `${op} in ${ops.join(', ')}`);
    assert.deepStrictEqual(checked.ops.filter((o) => o.blocks.length), [], 'nothing stops a method on SqueezeNet');
  });

  it(`an op without a backward rule (${UNSUPPORTED_OP}) is marked with the methods it stops`, async () => {
    const model = writeUnsupportedOpModel(workspaceDir());
    const report = nextDrawn(model, 'report');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(model));
    const drawn = await report;
    const det = drawn.ops.find((o) => o.op === UNSUPPORTED_OP);
    assert.ok(det, `${UNSUPPORTED_OP} in ${JSON.stringify(drawn.ops)}`);
    for (const m of ['gradient', 'integrated-gradients', 'lrp', 'grad-cam']) assert.ok(det.blocks.includes(m), `${UNSUPPORTED_OP} stops ${m}: ${det.blocks.join(', ')}`);
    assert.ok(!det.blocks.includes('occlusion'), 'occlusion only runs the model forward');
  });

  it('a file that only claims to be ONNX: the page says so, in the engine\'s words', async () => {
    const file = writeNotOnnx(workspaceDir());
    const error = nextDrawn(file, 'error');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
    const drawn = await error;
    assert.strictEqual(drawn.errors.length, 1, drawn.errors.join(' | '));
    assert.match(drawn.errors[0], /not-a-model\.onnx is not an ONNX model \(it does not parse as ONNX protobuf\)\./);
  });

  it('"Open With" still gives the text editor', async () => {
    const model = bundledModel('mnist_cntk_winml.onnx');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(model), 'default');
    assert.ok(activeTabInput() instanceof vscode.TabInputText, `opened in ${JSON.stringify(activeTabInput())}`);
  });

  it('after an explanation of the model, the graph shows relevance on its boxes', async () => {
    const model = bundledModel('squeezenet1.1.onnx');
    const structure = nextDrawn(model, 'structure');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(model));
    const { graphBoxes } = await structure;
    const relevance = nextDrawn(model, 'relevance');
    // No model configured: the bundled SqueezeNet explains.
    ok(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    const drawn = await relevance;
    assert.strictEqual(drawn.graphBoxes, graphBoxes);
    // Every convolution's and ReLU's output is a layer of the table.
    assert.ok(drawn.relevanceBoxes >= 50, `${drawn.relevanceBoxes} of ${graphBoxes} boxes show relevance`);
  });
});
