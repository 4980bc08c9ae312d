/**
 * Shape arithmetic on the image's tensors (torch's `x.view(x.size(0), -1)`, Swin's padding, window counts and
 * attention masks: Shape, Gather, Concat, ConstantOfShape, Range, Equal, Where, ScatterND, Cast...) depends
 * only on shapes, which are fixed once the input size is: with the Shape outputs known from the probes it
 * folds to constants like any constant subgraph (foldConstants, run in onnxruntime), so no rule ever sees it
 * and rules that need constant inputs (Slice's starts, Pad's pads) get them.
 * The batch stays free: the arithmetic is folded at batch 1 and at batch 2, and a value that differs between
 * the two is either a Reshape target, whose batch entry becomes -1 (or 0 where the input's own axis holds it),
 * or is left to be computed at run time from its Shape nodes.
 */
import { type ConstTensor, type IRGraph, type IRNode, attrInt, cloneGraph, int64Tensor, tensorToNumbers } from '../onnx/ir';
import { foldConstants } from './foldConstants';
import { forwardReachable } from './reach';

const SHAPE_OPS = new Set(['Shape', 'Size']);

export async function foldShapes(g: IRGraph, shapes: Map<string, number[]>, batchShapes?: Map<string, number[]>): Promise<string | undefined> {
  const image = forwardReachable(g);
  // Tensors computed from the image's values, not only from its shapes.
  const values = new Set(g.inputs.map((i) => i.name));
  for (const n of g.nodes) if (!SHAPE_OPS.has(n.opType) && n.inputs.some((i) => values.has(i))) for (const o of n.outputs) if (o) values.add(o);
  const shapeNodes = g.nodes.filter((n) => n.outputs.some((o) => o && image.has(o) && !values.has(o)));
  if (shapeNodes.length === 0) return undefined;

  const v1 = await evaluate(g, shapeNodes, shapes);
  const v2 = batchShapes ? await evaluate(g, shapeNodes, batchShapes) : v1;
  const varies = (t: string) => !sameTensor(v1.get(t), v2.get(t));

  // Values read by what stays, as constants, Reshape targets with a free batch entry, or at run time.
  const produced = new Map<string, IRNode>();
  for (const n of shapeNodes) for (const o of n.outputs) if (o) produced.set(o, n);
  const kept = new Set<IRNode>();
  const keep = (t: string) => {
    const n = produced.get(t);
    if (!n || kept.has(n)) return;
    kept.add(n);
    for (const i of n.inputs) if (produced.has(i) && varies(i)) keep(i);
  };
  const rest = g.nodes.filter((n) => !shapeNodes.includes(n));
  const patched: { node: IRNode; input: number; value: ConstTensor }[] = [];
  for (const n of rest) {
    n.inputs.forEach((t, i) => {
      if (!produced.has(t) || !varies(t)) return;
      const free = n.opType === 'Reshape' && i === 1 ? freeReshapeTarget(n, v1.get(t)!, v2.get(t)!, shapes, batchShapes!) : undefined;
      if (free) patched.push({ node: n, input: i, value: free });
      else keep(t);
    });
  }
  for (const o of g.outputs) if (produced.has(o.name) && varies(o.name)) keep(o.name);

  for (const n of [...rest, ...kept]) {
    for (const t of n.inputs) if (produced.has(t) && !kept.has(produced.get(t)!) && !varies(t)) g.inits.set(t, v1.get(t)!);
  }
  for (const { node, input, value } of patched) {
    const name = `${node.inputs[input]}__free_batch`;
    g.inits.set(name, value);
    node.inputs[input] = name;
  }
  const folded = shapeNodes.filter((n) => !kept.has(n));
  const gone = new Set(folded);
  g.nodes = g.nodes.filter((n) => !gone.has(n));
  return `Folded ${folded.length} node(s) of shape arithmetic to constants${kept.size ? ` (${kept.size} left to run: they follow the batch size)` : ''}.`;
}

/** Every shape-arithmetic value at one batch size: the Shape/Size outputs from the probed shapes, the rest folded. */
async function evaluate(g: IRGraph, shapeNodes: IRNode[], shapes: Map<string, number[]>): Promise<Map<string, ConstTensor>> {
  const sub = cloneGraph({ ...g, nodes: [], outputs: [] });
  for (const n of shapeNodes) {
    if (SHAPE_OPS.has(n.opType) && shapes.has(n.inputs[0])) sub.inits.set(n.outputs[0], shapeValue(n, shapes.get(n.inputs[0])!));
    else sub.nodes.push({ ...n, inputs: [...n.inputs], outputs: [...n.outputs], attrs: { ...n.attrs } });
  }
  await foldConstants(sub);
  return sub.inits;
}

/** Shape (with opset 15's start and end) or Size of a tensor of shape `dims`. */
function shapeValue(n: IRNode, dims: number[]): ConstTensor {
  if (n.opType === 'Size') return int64Tensor([dims.reduce((a, b) => a * b, 1)], []);
  const r = dims.length;
  const at = (v: number) => Math.min(r, Math.max(0, v < 0 ? v + r : v));
  return int64Tensor(dims.slice(at(attrInt(n, 'start', 0)), at(attrInt(n, 'end', r))));
}

function sameTensor(a: ConstTensor | undefined, b: ConstTensor | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.type !== b.type || a.dims.join() !== b.dims.join() || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/**
 * A Reshape target that differs between batch 1 and 2 in one entry, as a constant serving every batch: -1
 * there (when no other entry is -1), or 0 where the Reshape's input has that very size on that axis.
 */
function freeReshapeTarget(n: IRNode, t1: ConstTensor, t2: ConstTensor, shapes: Map<string, number[]>, batchShapes: Map<string, number[]>): ConstTensor | undefined {
  const [a, b] = [tensorToNumbers(t1), tensorToNumbers(t2)];
  if (a.length !== b.length) return undefined;
  const differ = a.flatMap((v, i) => (v !== b[i] ? [i] : []));
  if (differ.length === 1 && !a.includes(-1)) return int64Tensor(a.map((v, i) => (i === differ[0] ? -1 : v)));
  const [in1, in2] = [shapes.get(n.inputs[0]), batchShapes.get(n.inputs[0])];
  if (attrInt(n, 'allowzero', 0) === 0 && in1 && in2 && differ.every((i) => a[i] === in1[i] && b[i] === in2[i])) return int64Tensor(a.map((v, i) => (differ.includes(i) ? 0 : v)));
  return undefined;
}
