/**
 * A model described for `explain inspect`: the file's inputs and outputs, opset and producer, the ops on the
 * path from the image to the score (each with whether a backward rule exists for it), which methods can run,
 * and the configuration found with every field's origin.
 */
import type { CanonicalGraph, LoadedGraph } from '../canonicalize';
import { pathNodes } from '../compile/path';
import type { GraphEnv } from '../methods/method';
import type { ModelReport, ResolvedModelConfig, ValueSummary } from '../protocol';
import { BACKWARD } from '../ops';
import type { ValueInfo } from '../onnx/ir';
import { blockedBy } from './blockers';
import { checkMethods } from './methodChecks';

export interface ReportParts {
  loaded: LoadedGraph;
  canonical: CanonicalGraph;
  config: ResolvedModelConfig;
  classes: number;
  labelsFrom?: string;
}

export function modelReport({ loaded, canonical, config, classes, labelsFrom }: ReportParts): ModelReport {
  const env: GraphEnv = { pre: config.input, canonical, original: loaded.graph, removedNoOps: loaded.removedNoOps };
  const methods = checkMethods(env);
  const g = canonical.graph;
  return {
    modelPath: config.modelPath,
    ...(config.configPath && { configPath: config.configPath }),
    opset: loaded.declared.opset,
    ...(loaded.graph.opset !== loaded.declared.opset && { explainedAtOpset: loaded.graph.opset }),
    ...(loaded.graph.producer && { producer: loaded.graph.producer }),
    inputs: loaded.declared.inputs.map(summary),
    outputs: loaded.declared.outputs.map(summary),
    scoreOutput: loaded.graph.outputs[0].name,
    classes,
    pathOps: opsOnPath(canonical),
    methods,
    blockedBy: blockedBy(pathNodes(g, g.inputs[0].name, g.outputs[0].name), methods),
    config,
    ...(labelsFrom && { labelsFrom }),
    notes: [...canonical.notes, ...(config.notes ?? [])],
  };
}

function summary(v: ValueInfo): ValueSummary {
  return { name: v.name, type: v.tensor === false ? 'non-tensor (sequence or map)' : v.type, dims: v.dims };
}

/** Op types on the path in order of first use, with how often each occurs. */
function opsOnPath(c: CanonicalGraph): ModelReport['pathOps'] {
  const g = c.graph;
  const counts = new Map<string, number>();
  for (const n of pathNodes(g, g.inputs[0].name, g.outputs[0].name)) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  return [...counts].map(([op, count]) => ({ op, count, hasRule: BACKWARD.has(op) }));
}
