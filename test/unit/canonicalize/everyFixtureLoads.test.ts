/**
 * A graph our passes produce must always load in onnxruntime: every model in test/fixtures/models and
 * test/fixtures/zoo is canonicalized and compiled for the gradient, and the canonical graph, its forward with
 * activations (occlusion's) and the compiled graph are loaded and run, their scores against the original file
 * in onnxruntime. A model with an op the rule table lacks must stop at compile with UNSUPPORTED_OP naming
 * it, never at loading; the diagnostics list which ones do, so the test tightens as rules land.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { SCORES, compile } from '../../../src/compile/compile';
import { forwardWithActivations } from '../../../src/compile/forwardGraphs';
import { ExplainError } from '../../../src/errors';
import { createRunner } from '../../../src/onnx/runtime';
import { fixture } from '../../helpers/fixtures';
import { FP16_TOLERANCE, TOLERANCE, relDiff, seededInput, softmax } from '../../helpers/models';
import { assertScoresUnchanged } from '../../helpers/scoresUnchanged';

const files = ['models', 'zoo'].flatMap((dir) => readdirSync(fixture(dir)).filter((f) => f.endsWith('.onnx')).map((f) => fixture(dir, f)));

for (const file of files) {
  test(`every fixture loads after our passes: ${file.split('/test/fixtures/')[1]}`, async (t) => {
    const loaded = await loadGraph(readFileSync(file), file);
    const dims = loaded.graph.inputs[0].dims.map((d) => (typeof d === 'number' ? d : 1));
    const c = await canonicalize(loaded, dims);
    const cutSoftmax = c.notes.some((n) => /ends in (Log)?Softmax/.test(n));
    const fp16 = /fp16/.test(file);
    const comparison = { tolerance: fp16 ? FP16_TOLERANCE : TOLERANCE, transform: cutSoftmax ? softmax : undefined };
    const size = dims.reduce((a, b) => a * b, 1);
    const x = seededInput(size, 7, -1, 1);
    const [original] = await assertScoresUnchanged(t, c.graph, file, x, dims, { ...comparison, label: 'canonical graph' });
    const expected = original.data;

    const runs = async (graph: Parameters<typeof createRunner>[0], extra: Record<string, { data: Float32Array; dims: number[] }> = {}) => {
      const runner = await createRunner(graph);
      try {
        return (await runner.run({ [c.graph.inputs[0].name]: { data: x, dims }, ...extra }))[SCORES].data as Float32Array;
      } finally {
        await runner.release();
      }
    };
    const check = (scores: Float32Array, what: string) => {
      const d = relDiff(cutSoftmax ? softmax(scores) : scores, expected);
      t.diagnostic(`${what}: max diff / max ${d.toExponential(2)}`);
      assert.ok(d <= comparison.tolerance, `${what}: ${d}`);
    };
    check(await runs(forwardWithActivations(c).graph), 'forward with activations');

    let compiled;
    try {
      compiled = compile(c, { layerQuantity: 'signal' });
    } catch (e) {
      assert.ok(e instanceof ExplainError && e.code === 'UNSUPPORTED_OP', `compile failed otherwise: ${e}`);
      assert.match(e.message, /^Unsupported op \S+ \(node /);
      t.diagnostic(`not compiled yet: ${e.message.split(' on the path')[0]}`);
      return;
    }
    const seed = new Float32Array(compiled.classes).fill(1);
    check(await runs(compiled.graph, { 'explain/seed': { data: seed, dims: [1, compiled.classes] } }), 'compiled gradient graph');
  });
}
