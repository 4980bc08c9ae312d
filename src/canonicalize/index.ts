/**
 * From model bytes to the graph the compiler works on. Each pass is one small file, and each is tested
 * to leave the model's scores unchanged.
 */
import { decodeModel } from '../onnx/decode';
import { type IRGraph, attrInts, cloneGraph } from '../onnx/ir';
import { cutTrailingSoftmax } from './cutSoftmax';
import { dropNoOps, noOpAliases } from './dropNoOps';
import { dropUnusedInits } from '../onnx/dropUnusedInits';
import { einsumAsMatMul } from './einsumAsMatMul';
import { freeBatchAxis } from './dynamicBatch';
import { foldBatchNorm } from './foldBatchNorm';
import { foldBiasAdd } from './foldBiasAdd';
import { foldConstants } from './foldConstants';
import { foldShapes } from './foldShapes';
import { fuseLayerNorm } from './fuseLayerNorm';
import { probeShapes } from './probeShapes';
import { raiseOpset } from './raiseOpset';
import { forwardReachable } from './reach';
import { chooseScoreOutput, type ScoreOutput } from './scoreOutput';
import { startAtFloatInput } from './pixelInput';
import { straightThroughQdq } from './straightThroughQdq';
import { refuseSubgraphs } from './refuseSubgraphs';

export interface LoadedGraph {
  graph: IRGraph;
  notes: string[];
  /** Dropout/Identity outputs and node names of the model file (loading removes them) -> their input. */
  removedNoOps: Map<string, string>;
  /** Class names from a ZipMap on the way to the score output. */
  classLabels?: ScoreOutput['classLabels'];
  /** The model's own input was integer pixels (uint8): the graph starts at its Cast to float, fed 0..255. */
  pixelInput?: boolean;
  /** The inputs, outputs and opset as the model file declares them, before any pass changed them (for reports). */
  declared: Pick<IRGraph, 'inputs' | 'outputs' | 'opset'>;
}

export interface LoadOptions {
  /** The model's folder, where its external data files may be read (never outside it). */
  modelDir?: string;
  /** The output to explain, by name (a setting); default the first with a class dimension. */
  scoreOutput?: string;
}

export interface CanonicalGraph extends Pick<LoadedGraph, 'graph' | 'notes'> {
  /** Shape of every tensor on the image's path, batch 1. */
  shapes: Map<string, number[]>;
  /**
   * The same at batch 2, where the graph may move the batch off axis 0 (probed only then): a tensor's batch
   * axis is where the two differ.
   */
  batchShapes?: Map<string, number[]>;
}

/**
 * The model with its score output chosen and a trailing Softmax cut, nothing else changed: all that the
 * black-box methods need, and what a model the later passes refuse is still loaded as.
 */
export function loadScoreGraph(bytes: Uint8Array, label: string, opts: LoadOptions = {}): LoadedGraph {
  const graph = decodeModel(bytes, label, opts.modelDir);
  const removedNoOps = noOpAliases(graph);
  const declared = { opset: graph.opset, inputs: graph.inputs.map((v) => ({ ...v, dims: [...v.dims] })), outputs: graph.outputs.map((v) => ({ ...v, dims: [...v.dims] })) };
  const notes: (string | undefined)[] = [];
  if (graph.externalData) notes.push(`Weights read from ${graph.externalData.map((f) => `"${f}"`).join(', ')} beside the model (external data).`);
  const score = chooseScoreOutput(graph, opts.scoreOutput, label);
  notes.push(score.note);
  const pixelNote = startAtFloatInput(graph, label);
  notes.push(pixelNote);
  notes.push(cutTrailingSoftmax(graph));
  return {
    graph,
    notes: notes.filter((n): n is string => !!n),
    removedNoOps,
    declared,
    ...(score.classLabels && { classLabels: score.classLabels }),
    ...(pixelNote && { pixelInput: true }),
  };
}

/** Size-independent passes: run once per model (and score output). */
export async function loadGraph(bytes: Uint8Array, label: string, opts: LoadOptions = {}): Promise<LoadedGraph> {
  const loaded = loadScoreGraph(bytes, label, opts);
  const { graph } = loaded;
  const notes: (string | undefined)[] = [...loaded.notes];
  refuseSubgraphs(graph);
  notes.push(dropNoOps(graph));
  notes.push(raiseOpset(graph));
  notes.push(einsumAsMatMul(graph));
  const folded = await foldConstants(graph);
  if (folded) notes.push(`Evaluated ${folded} constant node(s) ahead of time.`);
  notes.push(fuseLayerNorm(graph));
  notes.push(straightThroughQdq(graph, label));
  notes.push(freeBatchAxis(graph));
  return { ...loaded, notes: notes.filter((n): n is string => !!n) };
}

/** Passes that need concrete shapes: run per input size. */
export async function canonicalize(loaded: Pick<LoadedGraph, 'graph' | 'notes'>, inputDims: number[]): Promise<CanonicalGraph> {
  const graph = cloneGraph(loaded.graph);
  const shapes = await probeShapes(graph, inputDims);
  const notes: (string | undefined)[] = [...loaded.notes];
  let batchShapes: Map<string, number[]> | undefined;
  if (movesBatch(graph, shapes, inputDims)) {
    batchShapes = await probeShapes(graph, [2, ...inputDims.slice(1)]).catch(() => undefined);
    if (!batchShapes) {
      // Exported with a fixed batch of 1, its constants may hold the batch merged with other sizes (torch folds
      // Swin's B * windows to 4, ViT's B * heads to 2): no rewrite can tell which, so the batch stays 1.
      graph.inputs[0].dims[0] = inputDims[0];
      notes.push(`The model runs at batch ${inputDims[0]} only (its export fixed the batch size inside its attention or window shapes): inputs are explained one at a time. Export it with a dynamic batch axis (torch.onnx.export's dynamic_axes) to batch them.`);
    }
  }
  notes.push(await foldShapes(graph, shapes, batchShapes), foldBatchNorm(graph, shapes), foldBiasAdd(graph, shapes));
  dropUnusedInits(graph);
  return { graph, shapes, batchShapes, notes: notes.filter((n): n is string => !!n) };
}

/**
 * Whether the batch may leave axis 0 (attention's [L, N, E], Swin's windows merged into [N * windows, ...]) or
 * shape arithmetic reads it: then a second probe at batch 2 tells each tensor's batch axis. Plain CNNs keep
 * the batch first and are probed once.
 */
function movesBatch(g: IRGraph, shapes: Map<string, number[]>, inputDims: number[]): boolean {
  const image = forwardReachable(g);
  for (const n of g.nodes) {
    if (!n.inputs.some((i) => image.has(i))) continue;
    if (n.opType === 'Shape' || n.opType === 'Size') return true;
    const perm = attrInts(n, 'perm');
    if (n.opType === 'Transpose' && (!perm || perm[0] !== 0)) return true;
    if (n.outputs.some((o) => shapes.get(o)?.[0] !== undefined && shapes.get(o)![0] !== inputDims[0])) return true;
  }
  return false;
}
