/**
 * `explain --export-onnx`: the file the CLI writes gives the CLI's own relevance (its relevance.npy for the
 * same image) in a fresh onnxruntime session, with the layer sums of --export-layers equal to the layer
 * table's; what one graph cannot hold (many passes on a fixed batch, a token map), and options that do not fit,
 * get one clear line and status 2.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { decodeNpy } from '../../../src/io/npy';
import { fixture } from '../../helpers/fixtures';
import { relDiff } from '../../helpers/relDiff';
import { runCli } from '../../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'explain-export-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const model = fixture('models', 'resnet_mini.onnx');
const image = fixture('images', 'rocket_64.png');

describe('explain --export-onnx', () => {
  it('writes a model whose relevance and layer sums are the CLI explanation\'s', async () => {
    const file = join(dir, 'lrp.onnx');
    const exported = await runCli(['--model', model, '--method', 'lrp', '--rule', 'epsilon', '--export-onnx', file, '--export-layers'], dir);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /inputs: {2}input float32 \[N, 3, 64, 64\], target int64/);
    const explained = await runCli([image, '--model', model, '--method', 'lrp', '--rule', 'epsilon', '--out', join(dir, 'out')], dir);
    assert.equal(explained.status, 0, explained.stderr);
    const input = decodeNpy(readFileSync(join(dir, 'out', 'input.npy')));
    const relevance = decodeNpy(readFileSync(join(dir, 'out', 'relevance.npy')));
    const result = JSON.parse(readFileSync(join(dir, 'out', 'result.json'), 'utf8'));

    const session = await ort.InferenceSession.create(file);
    try {
      const out = await session.run({ input: new ort.Tensor('float32', input.data as Float32Array, input.shape), target: new ort.Tensor('int64', BigInt64Array.of(-1n), [1]) });
      assert.ok(relDiff(out.relevance.data as Float32Array, relevance.data as Float32Array) <= 1e-6);
      const sums = Array.from(out.layer_relevance.data as Float32Array);
      const table: number[] = result.layers.map((l: { sum: number }) => l.sum);
      assert.equal(sums.length, table.length);
      assert.ok(relDiff(sums, table) <= 1e-5, `layer sums ${relDiff(sums, table)}`);
      const meta = Object.fromEntries(onnx.ModelProto.decode(readFileSync(file)).metadataProps.map((p) => [p.key, p.value]));
      assert.equal(meta['explain.method'], 'lrp');
      assert.equal(JSON.parse(meta['explain.params']).rule, 'epsilon');
      assert.equal(JSON.parse(meta['explain.layers']).length, table.length);
    } finally {
      await session.release();
    }
  });

  it('refuses what one graph cannot hold, with the reason, and options that do not fit', async () => {
    // The zoo's ViT: its export fixed the batch at 1, and its feature maps are token maps.
    const vit = fixture('zoo', 'vit_opset17.onnx');
    const batched = await runCli(['--model', vit, '--method', 'smoothgrad', '--export-onnx', join(dir, 's.onnx')], dir);
    assert.equal(batched.status, 2);
    assert.match(batched.stderr, /^explain: SmoothGrad is exported with its 25 passes as one batch, and this model's export fixed its batch at 1: export the model with a dynamic batch axis/);
    const tokens = await runCli(['--model', vit, '--method', 'grad-cam', '--export-onnx', join(dir, 'g.onnx')], dir);
    assert.equal(tokens.status, 2);
    assert.match(tokens.stderr, /^explain: Grad-CAM on a token map \(".*"\) is not exported: choose a convolutional feature map with --layer/);
    const withImage = await runCli([image, '--model', model, '--export-onnx', join(dir, 'g.onnx')], dir);
    assert.equal(withImage.status, 2);
    assert.match(withImage.stderr, /explains no image/);
    const layersAlone = await runCli([image, '--model', model, '--export-layers'], dir);
    assert.equal(layersAlone.status, 2);
    assert.match(layersAlone.stderr, /add --export-onnx/);
  });
});
