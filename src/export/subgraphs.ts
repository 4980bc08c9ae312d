/**
 * The graphs the export inlines: the compiled graph with the model's tensors that clash with the export's own
 * names renamed, the plain forward (in the compiled graph's place for occlusion, or beside it for the logits of
 * the input itself), and a second compiled graph (Guided Grad-CAM's guided backward).
 */
import type { CanonicalGraph } from '../canonicalize';
import { type CompiledGraph, INPUT_SIGNAL, SCORES, SEED, compile } from '../compile/compile';
import { plainForward } from '../compile/forwardGraphs';
import type { ConstTensor, IRGraph, IRNode } from '../onnx/ir';
import type { ExportPlan } from './plan';
import { PUBLIC_NAMES } from './names';

/** The plain forward in the compiled graph's place: scores, no backward, no layer records. */
export function forwardOnly(canonical: CanonicalGraph): CompiledGraph {
  const graph = plainForward(canonical);
  const output = canonical.graph.outputs[0].name;
  const classes = (canonical.shapes.get(output) ?? []).slice(1).reduce((a, b) => a * b, 1);
  return { graph, inputName: graph.inputs[0].name, classes, layers: [], exposed: [] };
}

/**
 * A second compiled graph beside the method's own (Guided Grad-CAM's guided backward where the method's graph
 * is the plain gradient to the map), on the same rows and seed: its tensors and own constants under a prefix,
 * the model's weights shared.
 */
export function secondGraph(canonical: CanonicalGraph, variant: ExportPlan['variant'], rows: string, seed: string): { nodes: IRNode[]; inits: Map<string, ConstTensor>; signal: string } {
  const g = compile(canonical, variant.options);
  const shared = canonical.graph.inits;
  const name = (t: string) => (t === '' || shared.has(t) ? t : t === g.inputName ? rows : t === SEED ? seed : `second/${t}`);
  const nodes = g.graph.nodes.map((n) => ({ ...n, name: `second/${n.name}`, inputs: n.inputs.map(name), outputs: n.outputs.map(name) }));
  const inits = new Map([...g.graph.inits].map(([k, t]) => [name(k), t] as const));
  return { nodes, inits, signal: name(INPUT_SIGNAL) };
}

/**
 * The plain forward beside the compiled graph (the logits of the input itself, which a multi-pass method's rows
 * do not include): its tensors under a prefix, its input read from `x`; the weights are shared.
 */
export function renamedForward(g: IRGraph, x: string): { nodes: IRNode[]; scores: string; inits: Map<string, ConstTensor> } {
  const input = g.inputs[0].name;
  const made = new Set(g.nodes.flatMap((n) => n.outputs.filter((o) => o)));
  const name = (t: string) => (t === input ? x : made.has(t) ? `input_forward/${t}` : t);
  const nodes = g.nodes.map((n) => ({ ...n, name: `input_forward/${n.name}`, inputs: n.inputs.map(name), outputs: n.outputs.map((o) => (o ? name(o) : o)) }));
  return { nodes, scores: name(SCORES), inits: g.inits };
}

/**
 * The model's own tensors that bear a name the export gives its inputs and outputs (a model's output is often
 * called "logits"), renamed: what each compiled tensor is called in the exported graph.
 */
export function publicNamesFreed(g: IRGraph): (t: string) => string {
  const taken = new Set([...g.inits.keys(), ...g.nodes.flatMap((n) => n.outputs)]);
  const clashes = new Set(PUBLIC_NAMES.filter((n) => taken.has(n)));
  return (t) => (clashes.has(t) ? `model/${t}` : t);
}
