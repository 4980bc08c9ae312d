/**
 * Summation-to-delta, DeepLIFT's axiom: the attributions sum to f(x) - f(x0), and so does the relevance
 * m (a(x) - a(x0)) of every layer that all paths from the input to the score cross (a branch of a residual
 * block or of a Fire module carries only part of it; the sum over the branches is checked through the
 * layers where they meet). On every shared model (SqueezeNet from its fp16 file), for Rescale and RevealCancel
 * with the exact max-pool rule, against the zero, black and blurred references: within 1e-4 relative, f from
 * the same paired run the attributions come from.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Engine } from '../../../src/engine/engine';
import { ModelSessions } from '../../../src/engine/modelSessions';
import { pathNodes } from '../../../src/compile/path';
import type { BaselineSpec, DeepLiftRule } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';

const MODELS: { model: string; image: string; dims: number[] }[] = [
  { model: 'mnist_cntk_winml.onnx', image: 'mnist_wonnx_5_28.png', dims: [1, 1, 28, 28] },
  { model: 'squeezenet1.1_winml_fp16.onnx', image: 'winml_kitten_224.png', dims: [1, 3, 224, 224] },
  { model: 'resnet_mini.onnx', image: 'astronaut_64.png', dims: [1, 3, 64, 64] },
  { model: 'mobilenet_mini.onnx', image: 'rocket_64.png', dims: [1, 3, 64, 64] },
  { model: 'vgg_mini.onnx', image: 'darknet_eagle_64.png', dims: [1, 3, 64, 64] },
];
const RULES: DeepLiftRule[] = ['rescale', 'revealcancel'];
const BASELINES: BaselineSpec[] = [{ kind: 'zero' }, { kind: 'black' }, { kind: 'blur' }];

const engine = new Engine();
after(() => engine.clearCache());

/** Output tensors of the path that every path from the input to the score goes through. */
async function cutTensors(model: string, dims: number[]): Promise<Set<string>> {
  const sessions = await ModelSessions.load(readFileSync(fixture('models', model)), model);
  try {
    const g = (await sessions.forSize(dims)).canonical.graph;
    const [input, output] = [g.inputs[0].name, g.outputs[0].name];
    const path = pathNodes(g, input, output);
    const reaches = (removed: string) => {
      const live = new Set([input]);
      for (const n of path) if (n.inputs.some((i) => live.has(i))) for (const o of n.outputs) if (o && o !== removed) live.add(o);
      return live.has(output);
    };
    return new Set(path.map((n) => n.outputs[0]).filter((t) => t === output || !reaches(t)));
  } finally {
    await sessions.release();
  }
}

for (const m of MODELS) {
  describe(`DeepLIFT summation-to-delta on ${m.model}`, () => {
    let cuts: Promise<Set<string>> | undefined;
    for (const rule of RULES) {
      for (const baseline of BASELINES) {
        it(`${rule}, ${baseline.kind} reference`, async () => {
          cuts ??= cutTensors(m.model, m.dims);
          const r = await engine.explain({ model: { path: fixture('models', m.model) }, image: { path: fixture('images', m.image) }, method: 'deeplift', params: { deeplift: rule, baseline } });
          const delta = r.conserved!;
          assert.ok(Math.abs(delta) > 1e-3, `f(x) - f(x0) = ${delta}: too small to test`);
          assert.ok(Math.abs(delta - (r.relevanceSum + r.completenessError!)) < 1e-6 * Math.abs(delta));
          assert.ok(Math.abs(r.completenessError!) <= 1e-4 * Math.abs(delta), `sum ${r.relevanceSum} vs f(x) - f(x0) = ${delta}`);
          assert.ok(Math.abs(r.score - r.baselineScore! - delta) <= 1e-5 * Math.max(1, Math.abs(r.score)), 'the paired run computes the model');
          const cut = await cuts;
          let checked = 0;
          for (const l of r.layers) {
            if (!cut.has(l.name)) continue;
            checked++;
            assert.ok(Math.abs(l.gap!) <= 1e-4 * Math.abs(delta), `layer ${l.op} ${l.name}: ${l.sum} vs ${delta}`);
          }
          assert.ok(checked >= 3, `only ${checked} layers checked`);
        });
      }
    }
  });
}
