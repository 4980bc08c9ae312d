/**
 * The engine's `exportExplained`: a method's explanation of the loaded model as a standalone ONNX file, with
 * what a consumer needs to feed it (method, parameters, preprocessing, labels, the inputs' meaning) in its
 * metadata_props.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExplainError } from '../errors';
import type { BaselineSpec, ExportRequest, ExportResult, MethodParams, Preprocessing } from '../protocol';
import type { GraphEnv, Method } from '../methods/method';
import { normalizePixel } from '../preprocess/image';
import { encodeModel } from '../onnx/encode';
import { explainedGraph } from './explainedGraph';
import { exportPlan } from './plan';
import { BASELINE, IMAGE, INPUT, TARGET } from './names';

export interface ExportSources {
  method: Method;
  params: MethodParams;
  env: GraphEnv;
  /** The model's input dims, batch 1. */
  dims: number[];
  labels?: string[];
  modelPath: string;
}

export async function exportExplainedModel(req: ExportRequest, src: ExportSources): Promise<ExportResult> {
  const { method, params, env, dims } = src;
  const inputSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const plan = exportPlan(method, params, env, inputSize);
  const baseline = plan.baseline && (plan.baseline.kind === 'mean' ? 'mean' : 'input');
  const preprocess = !!req.preprocess;
  const metadata = describe(method, params, env.pre, src, preprocess, plan.baseline);
  const { graph, layers } = explainedGraph({ plan, canonical: env.canonical, pre: env.pre, baseline, layers: !!req.layers, preprocess, metadata });
  if (layers.length) metadata['explain.layers'] = JSON.stringify(layers);
  const bytes = encodeModel(graph);
  try {
    await writeFile(req.path, bytes);
  } catch (e) {
    throw new ExplainError('BAD_ARGUMENT', `Could not write ${req.path}: ${(e as Error).message}`);
  }
  return {
    path: req.path,
    bytes: bytes.length,
    method: method.name,
    inputs: graph.inputs.map((v) => ({ name: v.name, type: v.type, dims: v.dims })),
    outputs: graph.outputs.map((o) => o.name),
    layers,
    metadata,
  };
}

/** What to feed as `baseline` for the method's configured one: a black or zero image is one value per channel. */
function baselineNote(spec: BaselineSpec, pre: Preprocessing): string {
  const channels = pre.channels === 'gray' ? 1 : 3;
  const fill = (v: (c: number) => number) => `every value of channel c is [${Array.from({ length: channels }, (_, c) => v(c)).join(', ')}][c]`;
  switch (spec.kind) {
    case 'zero':
      return `${BASELINE}: float32 like the input (batch 1 broadcasts), the reference; configured: zeros`;
    case 'black':
      return `${BASELINE}: float32 like the input (batch 1 broadcasts), the reference; configured: a black image, ${fill((c) => normalizePixel(0, c, pre))}`;
    default:
      return `${BASELINE}: float32 like the input (batch 1 broadcasts), the reference; configured: ${JSON.stringify(spec)}, made by the engine (feed your own)`;
  }
}

function describe(method: Method, params: MethodParams, pre: Preprocessing, src: ExportSources, preprocess: boolean, baseline?: BaselineSpec): Record<string, string> {
  const input = preprocess
    ? `${IMAGE}: uint8 [N, ${pre.height}, ${pre.width}, ${pre.channels === 'gray' ? 1 : 3}] pixels (RGB${pre.channels === 'gray' ? ', here gray' : ''}), resized to the model's size; the graph applies scale, mean, std and channel order`
    : `${INPUT}: float32 [N, ${src.dims.slice(1).join(', ')}], the image preprocessed as explain.preprocessing says ((pixel * scale - mean[c]) / std[c], ${pre.layout}, ${pre.channels})`;
  return {
    'explain.method': method.name,
    'explain.method_title': method.title,
    'explain.params': JSON.stringify(params),
    'explain.preprocessing': JSON.stringify(pre),
    ...(src.labels && { 'explain.labels': JSON.stringify(src.labels) }),
    'explain.model': basename(src.modelPath),
    'explain.inputs': [
      input,
      `${TARGET}: int64 [N] (or [1] for all rows), the class to explain per row; -1 = the row's top class`,
      ...(baseline && baseline.kind !== 'mean' ? [baselineNote(baseline, pre)] : []),
    ].join('; '),
    'explain.outputs':
      'logits: [N, classes]; relevance: the weighted attribution, the input\'s shape ([N, 1, H, W] for class activation maps); explained_class: int64 [N]; layer_relevance: [N, layers] each layer\'s relevance summed (when exported)',
  };
}
