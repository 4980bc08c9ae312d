/**
 * Gradient x input's layer records skip the product at a layer whose only consumer is a ReLU-like unit and
 * take the unit's record instead (g * 1[z > 0] * z = g * relu(z)). Proof that nothing changes: the same graph
 * compiled with the shortcut defeated (an override that returns the very same ReLU rule, which the compiler
 * must treat as a method's own) gives the same records for every layer, on ResNet-mini and MNIST.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { SEED, compile } from '../../../src/compile/compile';
import { BACKWARD } from '../../../src/ops';
import { createRunner } from '../../../src/onnx/runtime';
import { createRng } from '../../../src/util/random';
import { MNIST, RESNET_MINI, modelFile } from '../../helpers/models';

async function records(file: string, dims: number[], defeat: boolean): Promise<{ names: string[]; values: Float32Array[] }> {
  const path = modelFile(file);
  const c = await canonicalize(await loadGraph(readFileSync(path), path), dims);
  const compiled = compile(c, {
    layerQuantity: 'signal-x-activation',
    override: defeat ? (n) => (n.opType === 'Relu' ? BACKWARD.get('Relu') : undefined) : undefined,
  });
  const runner = await createRunner(compiled.graph);
  try {
    const rng = createRng(7);
    const size = dims.reduce((a, b) => a * b, 1);
    const x = Float32Array.from({ length: size }, () => rng.uniform() * 2 - 1);
    const seed = new Float32Array(compiled.classes);
    seed[1] = 1;
    const out = await runner.run({ [compiled.inputName]: { data: x, dims }, [SEED]: { data: seed, dims: [1, compiled.classes] } });
    return { names: compiled.layers.map((l) => `${l.op} ${l.name}`), values: compiled.layers.map((l) => out[l.neurons].data as Float32Array) };
  } finally {
    await runner.release();
  }
}

describe('gradient x input records across ReLUs', () => {
  for (const [file, dims] of [
    [RESNET_MINI, [1, 3, 64, 64]],
    [MNIST, [1, 1, 28, 28]],
  ] as [string, number[]][]) {
    it(`${file}: every layer's record equals the one computed without the shortcut`, async () => {
      const fast = await records(file, dims, false);
      const plain = await records(file, dims, true);
      assert.deepEqual(fast.names, plain.names);
      assert.ok(fast.names.some((n) => n.startsWith('Relu')), 'the model has ReLUs');
      fast.values.forEach((v, k) => {
        const scale = Math.max(1e-12, ...Array.from(plain.values[k], Math.abs));
        const err = Math.max(...Array.from(v, (e, i) => Math.abs(e - plain.values[k][i])));
        assert.ok(err <= 1e-5 * scale, `${fast.names[k]}: ${err} of ${scale}`);
      });
    });
  }
});
