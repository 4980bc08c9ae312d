/**
 * The plain forward as the engine runs it: a batch of inputs in, each one's class scores (logits) out. The
 * compiled graph's forward (on the canonical graph) and the raw model's (black-box methods) both are one.
 */
import type { Runner } from '../onnx/runtime';
import type { IRGraph } from '../onnx/ir';
import { SCORES } from '../compile/compile';
import { tokenPatchSize } from '../metrics/tokens';

export interface ScoreForward {
  /** The scores of a batch of `dims[0]` inputs, [batch * classes]. */
  run(data: Float32Array, dims: number[]): Promise<Float32Array>;
  /** The export fixed the batch at 1: one input per run. */
  fixedBatch: boolean;
  /** The patch side of a patch-token model's tokenizer (faithfulness removes whole tokens), if it has one. */
  tokenPatch?: number;
}

/** A runner whose graph takes `inputName` and outputs the scores as `output`. */
export function runnerForward(runner: Runner, inputName: string, output: string, fixedBatch: boolean, tokenPatch?: number): ScoreForward {
  return {
    run: async (data, dims) => (await runner.run({ [inputName]: { data, dims } }, [output]))[output].data as Float32Array,
    fixedBatch,
    ...(tokenPatch !== undefined && { tokenPatch }),
  };
}

/** The plain forward of canonical graph `g` (plainForward's SCORES output); a batch fixed by the export runs one input at a time. */
export function canonicalForward(runner: Runner, g: IRGraph): ScoreForward {
  return runnerForward(runner, g.inputs[0].name, SCORES, typeof g.inputs[0].dims[0] === 'number', tokenPatchSize(g));
}
