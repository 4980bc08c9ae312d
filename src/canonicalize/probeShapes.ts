/**
 * Shapes of every tensor on the image's path, from one probe run rather than a shape-inference engine of
 * our own: onnxruntime already knows every op's shape rules, and the compiler needs concrete sizes
 * (strided-conv backward, pooling divisors) for the input size at hand.
 */
import { ExplainError } from '../errors';
import type { IRGraph } from '../onnx/ir';
import { createRunner } from '../onnx/runtime';
import { elemTypes } from '../onnx/elemTypes';
import { forwardReachable } from './reach';

export async function probeShapes(g: IRGraph, inputDims: number[]): Promise<Map<string, number[]>> {
  const types = elemTypes(g);
  const reach = forwardReachable(g);
  const names = g.nodes.flatMap((n) => n.outputs).filter((o) => o && reach.has(o));
  const runner = await createRunner(
    { ...g, outputs: names.map((name) => ({ name, type: types.get(name) ?? 'float32', dims: [] })) },
    { optimize: false },
  );
  try {
    const size = inputDims.reduce((a, b) => a * b, 1);
    const values = await runner.run({ [g.inputs[0].name]: { data: new Float32Array(size), dims: inputDims } }).catch((e: Error) => {
      throw new ExplainError(
        'INPUT_SIZE',
        `The model does not run on an input of shape [${inputDims.join(', ')}] (${e.message}). Set input.width and input.height in the model's configuration to the size it was made for.`,
      );
    });
    const shapes = new Map<string, number[]>([[g.inputs[0].name, inputDims]]);
    for (const [k, v] of Object.entries(values)) shapes.set(k, v.dims);
    return shapes;
  } finally {
    await runner.release();
  }
}
