/**
 * Evaluates every node whose inputs are all constants (Reshape of a weight, Identity-shared weights,
 * shape arithmetic on fixed shapes) once in onnxruntime, so later passes and the backward compiler
 * only see initializers there. Running the real ops keeps their exact semantics for free.
 */
import type { ElemType, IRGraph, IRNode } from '../onnx/ir';
import { outputType } from '../onnx/elemTypes';
import { createRunner } from '../onnx/runtime';

/** Ops whose value depends on more than their inputs: never folded. */
const IMPURE = new Set(['RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli']);

export async function foldConstants(g: IRGraph): Promise<number> {
  const types = new Map<string, ElemType>([...g.inits].map(([k, t]) => [k, t.type]));
  const foldable: IRNode[] = [];
  for (const n of g.nodes) {
    if (n.domain !== '' || IMPURE.has(n.opType) || n.inputs.length === 0) continue;
    if (n.inputs.every((i) => i === '' || types.has(i))) {
      foldable.push(n);
      const t = outputType(n, (name) => types.get(name) ?? 'float32');
      for (const o of n.outputs) if (o) types.set(o, t);
    }
  }
  if (foldable.length === 0) return 0;
  const needed = new Set(foldable.flatMap((n) => n.inputs));
  const outputs = foldable.flatMap((n) => n.outputs.filter((o) => o));
  const runner = await createRunner(
    {
      name: 'fold',
      opset: g.opset,
      nodes: foldable,
      inits: new Map([...g.inits].filter(([k]) => needed.has(k))),
      inputs: [],
      outputs: outputs.map((name) => ({ name, type: types.get(name)!, dims: [] })),
    },
    { optimize: false },
  );
  try {
    const values = await runner.run({});
    for (const [k, v] of Object.entries(values)) g.inits.set(k, v);
  } finally {
    await runner.release();
  }
  const folded = new Set(foldable);
  g.nodes = g.nodes.filter((n) => !folded.has(n));
  return foldable.length;
}
