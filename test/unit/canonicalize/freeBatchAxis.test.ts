/**
 * freeBatchAxis: multi-pass methods run many inputs in one session.run. A batch of n inputs must give the
 * same rows as n single runs, also for models exported with batch 1 and a Reshape to [1, ...].
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutTrailingSoftmax } from '../../../src/canonicalize/cutSoftmax';
import { dropNoOps } from '../../../src/canonicalize/dropNoOps';
import { freeBatchAxis } from '../../../src/canonicalize/dynamicBatch';
import { foldConstants } from '../../../src/canonicalize/foldConstants';
import { raiseOpset } from '../../../src/canonicalize/raiseOpset';
import { encodeModel } from '../../../src/onnx/encode';
import { type IRGraph, cloneGraph, tensorToNumbers } from '../../../src/onnx/ir';
import { MNIST, RESNET_MINI, RESNET_MINI_REF, TOLERANCE, decoded, modelFile, reference, relDiff, runOriginal, runScores, seededInput } from '../../helpers/models';
import { type Diagnostics, assertMatchesOriginal } from '../../helpers/scoresUnchanged';

/** The graph as loadGraph hands it to freeBatchAxis. */
async function beforeFreeBatch(file: string): Promise<IRGraph> {
  const g = decoded(file);
  cutTrailingSoftmax(g);
  dropNoOps(g);
  raiseOpset(g);
  await foldConstants(g);
  return g;
}

/** n inputs stacked on the batch axis. */
function stack(inputs: Float32Array[]): Float32Array {
  const out = new Float32Array(inputs.reduce((a, x) => a + x.length, 0));
  inputs.forEach((x, i) => out.set(x, i * x.length));
  return out;
}

async function batchEqualsSingles(t: Diagnostics, g: IRGraph, file: string, inputs: Float32Array[], single: number[]) {
  const n = inputs.length;
  const batched = await runScores(g, stack(inputs), [n, ...single.slice(1)]);
  const classes = batched.length / n;
  for (let i = 0; i < n; i++) {
    const row = batched.subarray(i * classes, (i + 1) * classes);
    const alone = await runScores(g, inputs[i], single);
    const dRow = relDiff(row, alone);
    t.diagnostic(`${file} row ${i}: batch vs single ${dRow.toExponential(2)}`);
    assert.ok(dRow <= TOLERANCE, `row ${i}: ${dRow}`);
    await assertMatchesOriginal(t, alone, modelFile(file), inputs[i], single, { label: `${file} row ${i}`, compared: 'single vs original' });
  }
}

test('freeBatchAxis: MNIST with a hard-coded batch-1 Reshape takes batch 3, row for row', async (t) => {
  const g = await beforeFreeBatch(MNIST);
  assert.deepEqual(g.inputs[0].dims, [1, 1, 28, 28]);
  const reshape = g.nodes.find((n) => n.opType === 'Reshape')!;
  assert.deepEqual(tensorToNumbers(g.inits.get(reshape.inputs[1])!), [1, 256]);
  const inputs = [0, 3, 7].map((d) => reference(`mnist__mnist_wonnx_${d}_28__t${d}`).input);
  inputs[1] = seededInput(784, 4); // and one noise image
  // A symbolic input batch alone is not enough: the Reshape to [1, 256] refuses a batch of 3.
  const inputOnly = cloneGraph(g);
  inputOnly.inputs[0].dims[0] = 'N';
  await assert.rejects(runOriginal(encodeModel(inputOnly), stack(inputs), [3, 1, 28, 28]), /Reshape/);

  assert.equal(freeBatchAxis(g), 'Made the batch axis dynamic (1 Reshape(s) had batch 1 fixed).');
  assert.deepEqual(g.inputs[0].dims, ['N', 1, 28, 28]);
  assert.deepEqual(tensorToNumbers(g.inits.get(reshape.inputs[1])!), [0, 256], '0 copies the batch size');
  await batchEqualsSingles(t, g, MNIST, inputs, [1, 1, 28, 28]);
});

test('freeBatchAxis: a model with a symbolic batch keeps its graph and batches as well', async (t) => {
  const g = await beforeFreeBatch(RESNET_MINI);
  assert.equal(g.inputs[0].dims[0], 'batch');
  const before = cloneGraph(g);
  assert.equal(freeBatchAxis(g), undefined);
  assert.deepEqual(g.inputs[0].dims, ['N', 3, 64, 64]);
  assert.deepEqual(g.nodes, before.nodes);
  const ref = reference(RESNET_MINI_REF);
  await batchEqualsSingles(t, g, RESNET_MINI, [ref.input, seededInput(ref.input.length, 9, -2, 2)], ref.dims);
});
