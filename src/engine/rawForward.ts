/**
 * The forward the black-box methods run: the model file itself, as onnxruntime loads it, with only what
 * feeding and reading it needs: its outputs replaced by the score output before a trailing Softmax (the
 * logits), cast to float32; a float16 or double input fed through a Cast from float32; a declared batch of 1
 * made free when the graph agrees. None of the compiler's passes touch it, so a model with an op the compiler
 * has no rule for (or a subgraph, a custom domain) is explained as long as onnxruntime runs it. The tensor
 * names come from the same score-output choice and Softmax cut the compiled path makes (loadScoreGraph),
 * applied here to the protobuf.
 */
import { onnx } from 'onnx-proto';
import { type LoadOptions, loadScoreGraph } from '../canonicalize';
import { ExplainError } from '../errors';
import { tokenPatchSize } from '../metrics/tokens';
import { createRunner, type Runner } from '../onnx/runtime';
import { type ScoreForward, runnerForward } from './scoreForward';

const DT = onnx.TensorProto.DataType;

export interface RawForward extends ScoreForward {
  /** What the result says about the model as run (the Softmax cut, the score output chosen). */
  notes: string[];
  release(): Promise<void>;
}

export async function rawForward(bytes: Uint8Array, label: string, opts: LoadOptions): Promise<RawForward> {
  const scored = loadScoreGraph(bytes, label, opts);
  const g = scored.graph;
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const input = g.inputs[0].name;
  let feed = input;
  if (scored.pixelInput) startAtCastOutput(graph, scored.declared.inputs[0].name, input);
  else feed = castInput(graph, input, label);
  // The scores as float32 whatever the model computes in (a cast of float32 to float32 is nothing).
  const output = 'explain/scores';
  graph.node!.push(onnx.NodeProto.create({ opType: 'Cast', input: [g.outputs[0].name], output: [output], name: 'explain/scores_cast', attribute: [toFloat()] }));
  graph.output = [onnx.ValueInfoProto.create({ name: output, type: { tensorType: { elemType: DT.FLOAT } } })];
  const fixed = freeDeclaredBatch(graph, feed);
  const runner: Runner = await createRunner(onnx.ModelProto.encode(model).finish());
  const plain = runnerForward(runner, feed, output, false, tokenPatchSize(g));
  const notes = [...scored.notes, 'Black-box method: the model file runs as onnxruntime loads it (only the trailing Softmax cut), none of the compiler\'s passes applied.'];
  return {
    ...plain,
    ...(fixed && { run: checkedBatches(plain, notes) }),
    notes,
    release: () => runner.release(),
  };
}

const toFloat = (type: number = DT.FLOAT) => onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: type });

/**
 * The input the engine feeds, float32: the model's own, or for a float16 or double model a new one cast to
 * the model's type.
 */
function castInput(graph: onnx.IGraphProto, input: string, label: string): string {
  const declared = graph.input!.find((v) => v.name === input)!;
  const type = declared.type?.tensorType?.elemType ?? DT.FLOAT;
  if (type === DT.FLOAT) return input;
  if (type !== DT.FLOAT16 && type !== DT.DOUBLE) {
    throw new ExplainError('UNSUPPORTED_MODEL', `${label}: the input "${input}" has ONNX type ${type}; the black-box methods feed float images (float32, float16 or double inputs).`);
  }
  const feed = 'explain/input';
  graph.node!.unshift(onnx.NodeProto.create({ opType: 'Cast', input: [feed], output: [input], name: 'explain/input_cast', attribute: [toFloat(type)] }));
  graph.input = graph.input!.map((v) => (v === declared ? onnx.ValueInfoProto.create({ name: feed, type: { tensorType: { elemType: DT.FLOAT, shape: v.type?.tensorType?.shape } } }) : v));
  return feed;
}

/**
 * An export that declares batch 1 often runs any batch (torch.onnx's default): the declared batch is made
 * symbolic, and `checkedBatches` tells whether the graph agrees. Returns whether it was fixed.
 */
function freeDeclaredBatch(graph: onnx.IGraphProto, input: string): boolean {
  const dim = graph.input?.find((v) => v.name === input)?.type?.tensorType?.shape?.dim?.[0];
  if (!dim || dim.dimParam || dim.dimValue == null) return false;
  dim.dimValue = null;
  dim.dimParam = 'explain_batch';
  return true;
}

/**
 * Batches on a graph exported for batch 1: the first batch is checked against its first and last inputs run
 * alone (a Reshape that hard-codes the batch fails or mixes the inputs); when they disagree every input runs
 * alone from then on, which the result notes.
 */
function checkedBatches(plain: ScoreForward, notes: string[]): ScoreForward['run'] {
  let batches: boolean | undefined;
  const alone = async (data: Float32Array, dims: number[]) => {
    const size = data.length / dims[0];
    const out: Float32Array[] = [];
    for (let i = 0; i < dims[0]; i++) out.push(await plain.run(data.subarray(i * size, (i + 1) * size), [1, ...dims.slice(1)]));
    const joined = new Float32Array(out.reduce((n, o) => n + o.length, 0));
    out.forEach((o, i) => joined.set(o, i * o.length));
    return joined;
  };
  return async (data, dims) => {
    if (dims[0] === 1 || batches === false) return dims[0] === 1 ? plain.run(data, dims) : alone(data, dims);
    if (batches) return plain.run(data, dims);
    const size = data.length / dims[0];
    const together = await plain.run(data, dims).catch(() => undefined);
    const first = await plain.run(data.subarray(0, size), [1, ...dims.slice(1)]);
    const last = await plain.run(data.subarray(data.length - size), [1, ...dims.slice(1)]);
    const classes = first.length;
    batches = !!together && together.length === classes * dims[0] && close(together.subarray(0, classes), first) && close(together.subarray(together.length - classes), last);
    if (!batches) notes.push('The model\'s graph fixes its batch at 1 (a batch gave other scores than its inputs alone): every input runs alone.');
    return batches ? together! : alone(data, dims);
  };
}

function close(a: Float32Array, b: Float32Array): boolean {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff <= 1e-4 * scale + 1e-6;
}

/**
 * A uint8 image input read by Casts to float (see canonicalize/pixelInput): the model starts at the first
 * Cast's output, fed the pixels 0..255 as floats, and every other Cast's output is that tensor too.
 */
function startAtCastOutput(graph: onnx.IGraphProto, original: string, first: string): void {
  const casts = graph.node!.filter((n) => n.opType === 'Cast' && n.input?.[0] === original);
  graph.node = graph.node!.filter((n) => !casts.includes(n));
  for (const c of casts) {
    if (c.output![0] !== first) graph.node.unshift(onnx.NodeProto.create({ opType: 'Identity', input: [first], output: [c.output![0]], name: `explain/${c.output![0]}` }));
  }
  graph.input = graph.input!.map((v) => (v.name === original ? onnx.ValueInfoProto.create({ name: first, type: { tensorType: { elemType: DT.FLOAT, shape: v.type?.tensorType?.shape } } }) : v));
}
