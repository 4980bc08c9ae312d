/**
 * Select Model on a model without configuration (issue 18): the preset table is a step of the command (each
 * preset with the model's top-1 label and probability, exactly the most confident one marked suggested), then
 * the labels (workspace files with a matching count first, the bundled ImageNet and digit names), and the chosen
 * preset, not the suggested one, is what `<model>.explain.json` gets, with the extension's schema, opened
 * beside. The QuickPicks are answered through ExplainApi.answerQuickPicks, which sees the items a user would.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { QuickPickAnswerer } from '../../../extension/commands/picks';
import { Commands } from '../../../extension/ids';
import type { SelectModelOutcome } from '../../../extension/commands/selectModel';
import { api, bundledModel, extension, ok, resetSettings, run, sampleImage, workspaceDir } from './helpers';

const CHOSEN = 'raw-bgr';

describe('Select Model on a model without configuration', () => {
  const dir = path.join(workspaceDir(), 'own-model');
  const model = path.join(dir, 'my-squeezenet.onnx');
  const seen = new Map<string, vscode.QuickPickItem[]>();

  before(async () => {
    await api();
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(bundledModel('squeezenet1.1.onnx'), model);
    fs.copyFileSync(bundledModel('imagenet_labels.txt'), path.join(dir, 'my_labels.txt'));
    // No explanation shown: the table is made on the bundled photo.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    (await api()).answerQuickPicks(undefined);
    // A re-run still going (a late file event) would post progress to a panel closed under it.
    await vscode.commands.executeCommand(Commands.cancel);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the preset table, then the labels, and writes the chosen preset and labels with $schema, opened beside', async () => {
    const answer: QuickPickAnswerer = (title, items) => {
      seen.set(title, [...items]);
      if (/preprocessing/.test(title)) return items.find((i) => i.label === CHOSEN);
      return items.find((i) => i.label.endsWith('my_labels.txt'));
    };
    (await api()).answerQuickPicks(answer);
    const outcome = await vscode.commands.executeCommand<SelectModelOutcome>(Commands.selectModel, model);
    assert.strictEqual(outcome?.status, 'ok', JSON.stringify(outcome));
    const configured = (outcome as Extract<SelectModelOutcome, { status: 'ok' }>).configured;
    assert.strictEqual(configured?.status, 'written', JSON.stringify(configured));

    const [presetTitle, labelsTitle] = [...seen.keys()];
    assert.match(presetTitle, /preprocessing/);
    assert.match(labelsTitle, /labels/);
    const presets = seen.get(presetTitle)!;
    const percent = (i: vscode.QuickPickItem) => Number(/ (\d+\.\d)%/.exec(i.description ?? '')?.[1]);
    assert.ok(presets.length >= 10 && presets.every((i) => Number.isFinite(percent(i))), JSON.stringify(presets));
    const suggested = presets.filter((i) => /suggested/.test(i.description ?? ''));
    assert.strictEqual(suggested.length, 1, 'exactly one suggestion');
    assert.strictEqual(percent(suggested[0]), Math.max(...presets.map(percent)), 'the suggestion is the most confident');
    assert.ok(!/suggested/.test(presets.find((i) => i.label === CHOSEN)!.description ?? '') || suggested[0].label === CHOSEN);
    // The table's numbers are the engine's: the chosen preset's row matches its trial.
    const trial = configured.table.trials.find((t) => t.preset === CHOSEN)!;
    assert.strictEqual(percent(presets.find((i) => i.label === CHOSEN)!), Number((trial.probability * 100).toFixed(1)));
    assert.match(configured.table.imagePath, /media[\\/]samples[\\/]kitten\.png$/);

    const labels = seen.get(labelsTitle)!.map((i) => `${i.label} | ${i.description ?? ''}`);
    assert.ok(labels.some((l) => /my_labels\.txt \| 1000 labels, matches the model's 1000 classes/.test(l)), labels.join('\n'));
    assert.ok(labels.some((l) => /^ImageNet-1k class names \(bundled\)/.test(l)), labels.join('\n'));
    assert.ok(labels.some((l) => /^Digits 0-9 \(bundled\)/.test(l)), labels.join('\n'));

    const file = path.join(dir, 'my-squeezenet.explain.json');
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    const schema = vscode.Uri.joinPath(vscode.Uri.file(extension().extensionPath), 'src', 'config', 'model-config.schema.json');
    assert.deepStrictEqual(written, { $schema: schema.toString(), model: 'my-squeezenet.onnx', labels: 'my_labels.txt', input: { preset: CHOSEN } });
    assert.ok(fs.existsSync(vscode.Uri.parse(written.$schema).fsPath), 'the schema ships with the extension');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === file), 'the configuration is open');

    // The model explains with what was written: the kitten is a tabby, and nothing calls the preprocessing a guess.
    const explained = ok(await run(Commands.explain, vscode.Uri.file(sampleImage('images/winml_kitten.png'))));
    assert.strictEqual(explained.results[0].label, 'tabby');
    assert.strictEqual(explained.results[0].sources?.channels, `preset ${CHOSEN}`);
    assert.ok(!explained.results[0].notes.some((n) => /is a guess/.test(n)), explained.results[0].notes.join('\n'));
  });

  it('dismissing the preset step writes nothing', async () => {
    const other = path.join(dir, 'other.onnx');
    fs.copyFileSync(model, other);
    (await api()).answerQuickPicks(() => undefined);
    // No explanation open: selecting re-runs the open one, which the after hook would close mid-run.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const outcome = await vscode.commands.executeCommand<SelectModelOutcome>(Commands.selectModel, other);
    assert.strictEqual(outcome?.status, 'ok');
    assert.strictEqual((outcome as Extract<SelectModelOutcome, { status: 'ok' }>).configured?.status, 'dismissed');
    assert.ok(!fs.existsSync(path.join(dir, 'other.explain.json')));
  });
});
