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
import { Engine } from '../../../src/engine/engine';
import type { BaselineSpec, DeepLiftRule } from '../../../src/protocol';
import { cutTensors } from '../../helpers/cutTensors';
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

for (const m of MODELS) {
  describe(`DeepLIFT summation-to-delta on ${m.model}`, () => {
    let cuts: Promise<Set<string>> | undefined;
    for (const rule of RULES) {
      for (const baseline of BASELINES) {
        it(`${rule}, ${baseline.kind} reference`, async () => {
          cuts ??= cutTensors(fixture('models', m.model), m.dims);
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
