/**
 * The two forward-only graphs beside the compiled one: the plain forward (target, top-5, baseline scores,
 * and the forward time every method is measured against) and the same forward with each layer's mean
 * activation per neuron as extra outputs, kept out of the timed graphs because extra consumers of a
 * tensor stop onnxruntime from fusing it.
 */
import { type IRGraph, cloneGraph } from '../onnx/ir';
import type { CanonicalGraph } from '../canonicalize';
import { A, GraphBuilder } from './builder';
import { pathNodes } from './path';
import { SCORES } from './compile';

export function plainForward(c: CanonicalGraph): IRGraph {
  return withOutputs(c, false).graph;
}

export function forwardWithActivations(c: CanonicalGraph): { graph: IRGraph; activations: Map<string, string> } {
  return withOutputs(c, true);
}

function withOutputs(c: CanonicalGraph, activations: boolean): { graph: IRGraph; activations: Map<string, string> } {
  const g = cloneGraph(c.graph);
  const b = new GraphBuilder('forward');
  b.opTo('Flatten', [g.outputs[0].name], SCORES, { axis: A.int(1) });
  const outs = new Map<string, string>();
  if (activations) {
    for (const node of pathNodes(g, g.inputs[0].name, g.outputs[0].name)) {
      const t = node.outputs[0];
      const shape = c.shapes.get(t)!;
      const spatial = shape.slice(2);
      const name = `forward/activation/${t}`;
      // GlobalAveragePool reads onnxruntime's blocked (NCHWc) layout where convolutions leave it, so no tensor
      // is reordered just to be averaged (ReduceSum needed that: SqueezeNet's run 7.6-8.0 -> 6.4-6.6 ms).
      // onnxruntime pools 1 to 3 spatial axes; Swin's and MaxViT's window partitions have 4 ([1, C, h/p, p, w/p, p]).
      const pooled = spatial.length > 3 ? b.op('Reshape', [t, b.int64s([0, 0, -1])]) : t;
      if (spatial.length) b.opTo('Flatten', [b.op('GlobalAveragePool', [pooled])], name, { axis: A.int(1) });
      else b.opTo('Identity', [t], name);
      outs.set(t, name);
    }
  }
  const graph: IRGraph = {
    ...g,
    nodes: [...g.nodes, ...b.nodes],
    inits: new Map([...g.inits, ...b.inits]),
    outputs: [SCORES, ...outs.values()].map((name) => ({ name, type: 'float32', dims: [] })),
  };
  return { graph, activations: outs };
}
