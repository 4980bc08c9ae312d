/**
 * The forward the black-box methods run: the model file itself, as onnxruntime loads it, with one change, its
 * outputs replaced by the score output before a trailing Softmax (the logits). None of the compiler's passes
 * touch it, so a model with an op the compiler has no rule for (or a subgraph, a custom domain) is explained
 * as long as onnxruntime runs it. The tensor names come from the same score-output choice and Softmax cut
 * that the compiled path makes (loadScoreGraph), applied here to the protobuf.
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
  if (scored.pixelInput) startAtCastOutput(graph, scored.declared.inputs[0].name, input);
  else {
    const declared = graph.input?.find((v) => v.name === input);
    const type = declared?.type?.tensorType?.elemType;
    if (type !== undefined && type !== null && type !== DT.FLOAT) {
      throw new ExplainError('UNSUPPORTED_MODEL', `${label}: the input "${input}" is not float32 (ONNX type ${type}); the black-box methods feed float32 images.`);
    }
  }
  const output = g.outputs[0].name;
  graph.output = [onnx.ValueInfoProto.create({ name: output, type: { tensorType: { elemType: DT.FLOAT } } })];
  const runner: Runner = await createRunner(onnx.ModelProto.encode(model).finish());
  const dims = g.inputs[0].dims;
  return {
    ...runnerForward(runner, input, output, typeof dims[0] === 'number', tokenPatchSize(g)),
    notes: [...scored.notes, 'Black-box method: the model file runs as onnxruntime loads it (only the trailing Softmax cut), none of the compiler\'s passes applied.'],
    release: () => runner.release(),
  };
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
