/** Tiny hand-built IR graphs for the canonicalization tests. */
import { TARGET_OPSET } from '../../src/canonicalize/raiseOpset';
import type { Attr, ConstTensor, IRGraph, IRNode } from '../../src/onnx/ir';
import { floatTensor } from '../../src/onnx/ir';
import { seededInput } from './models';
import { A } from '../../src/compile/builder';

export function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}, name?: string): IRNode {
  return { name: name ?? `${opType}_${outputs[0]}`, opType, domain: '', inputs, outputs, attrs };
}

/**
 * A graph with one float input of fixed shape and one float output, at the opset the passes after raiseOpset see
 * (TARGET_OPSET, 17) unless given.
 */
export function graph(opts: {
  opset?: number;
  input: [string, number[]];
  output: string;
  nodes: IRNode[];
  inits?: Record<string, ConstTensor>;
}): IRGraph {
  return {
    name: 'handmade',
    opset: opts.opset ?? TARGET_OPSET,
    nodes: opts.nodes,
    inits: new Map(Object.entries(opts.inits ?? {})),
    inputs: [{ name: opts.input[0], type: 'float32', dims: [...opts.input[1]] }],
    outputs: [{ name: opts.output, type: 'float32', dims: [] }],
  };
}

/** The fixed input shape of a graph built by `graph`. */
export function inputDims(g: IRGraph): number[] {
  return g.inputs[0].dims as number[];
}

/** A float tensor of seeded values in [lo, hi). */
export function randomTensor(dims: number[], seed: number, lo = -1, hi = 1): ConstTensor {
  return floatTensor(seededInput(dims.reduce((a, b) => a * b, 1), seed, lo, hi), dims);
}

/** Attention's scores s = (x wq)(x wk)^T of an input x [1, 1, T, D]: a product of two activations. */
export function attentionScores(): IRNode[] {
  return [
    node('MatMul', ['x', 'wq'], ['q']),
    node('MatMul', ['x', 'wk'], ['k']),
    node('Transpose', ['k'], ['kt'], { perm: A.ints([0, 1, 3, 2]) }),
    node('MatMul', ['q', 'kt'], ['s']),
  ];
}

/** x [1, 3, 8, 8] -> Sin -> GlobalAveragePool -> Flatten -> score: a model whose one op (Sin) has no backward rule. */
export function sinModel(): IRGraph {
  return graph({
    opset: 17,
    input: ['x', [1, 3, 8, 8]],
    output: 'score',
    nodes: [
      { name: 'sin_node', opType: 'Sin', domain: '', inputs: ['x'], outputs: ['e'], attrs: {} },
      { name: 'gap', opType: 'GlobalAveragePool', domain: '', inputs: ['e'], outputs: ['p'], attrs: {} },
      { name: 'flat', opType: 'Flatten', domain: '', inputs: ['p'], outputs: ['score'], attrs: { axis: { type: 'int', value: 1 } } },
    ],
  });
}
