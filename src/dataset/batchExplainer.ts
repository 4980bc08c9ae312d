/**
 * One method and model over many images, several per session.run where the method is one pass of its
 * compiled graph per image (gradient, LRP, ...): a batched forward picks each image's class, then one
 * batched run of the compiled graph with one seed row per image. Other methods (several passes, a pair,
 * a class activation map) run through the engine's single-image path, image by image.
 */
import type { Engine, BatchModel } from '../engine/engine';
import { INPUT_SIGNAL, SCORES, SEED } from '../compile/compile';
import { graphMethodByName, methodByName } from '../methods';
import { times } from '../methods/method';
import type { MethodName, MethodParams, ModelSource, TensorInput } from '../protocol';
import type { ScalarMap } from '../render/colormap';
import { pixelRelevance } from '../render/pixelRelevance';
import { imageLayout } from '../util/imageLayout';
import { argmax, softmaxAt } from '../util/scores';

/**
 * The methods whose run is one pass of weight 1 on the input, with the relevance the signal at the input
 * (times the input for gradient x input): what src/methods does for them, per row of a batch.
 */
const ONE_PASS: Partial<Record<MethodName, (signal: Float32Array, input: Float32Array) => Float32Array>> = {
  gradient: (s) => s,
  'guided-backprop': (s) => s,
  deconvnet: (s) => s,
  lrp: (s) => s,
  'deep-taylor': (s) => s,
  'gradient-x-input': (s, x) => times(s, x),
};

export interface ImageExplanation {
  target: number;
  score: number;
  probability: number;
  /** Relevance per pixel of the model's input (summed over channels). */
  map: ScalarMap;
  relevanceSum: number;
}

export class BatchExplainer {
  private constructor(
    private readonly engine: Engine,
    private readonly model: ModelSource,
    readonly opened: BatchModel,
    readonly method: MethodName,
    readonly params: MethodParams,
    /** Images per run this model allows: 1 when its export fixed the batch. */
    readonly maxBatch: number,
  ) {}

  static async open(engine: Engine, model: ModelSource, method: MethodName, params: MethodParams = {}): Promise<BatchExplainer> {
    const m = methodByName(method);
    const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    const opened = await engine.openForBatch(model);
    const fixedBatch = typeof opened.sizes.canonical.graph.inputs[0].dims[0] === 'number';
    return new BatchExplainer(engine, model, opened, method, { ...m.defaults, ...given }, fixedBatch || !ONE_PASS[method] ? 1 : Infinity);
  }

  /** Whether images share a run (else each goes through the engine's single-image path). */
  get batched(): boolean {
    return this.maxBatch > 1;
  }

  /** Every input is one image, batch 1, in the model's layout; `checkpoint` throws to cancel. */
  async explain(inputs: TensorInput[], checkpoint: () => void): Promise<ImageExplanation[]> {
    checkpoint();
    if (!ONE_PASS[this.method] || (inputs.length > 1 && !this.batched)) return this.oneByOne(inputs, checkpoint);
    return this.inOneRun(inputs, checkpoint);
  }

  private async inOneRun(inputs: TensorInput[], checkpoint: () => void): Promise<ImageExplanation[]> {
    const { sizes, dims, classes: K, env } = this.opened;
    const n = inputs.length;
    const size = inputs[0].data.length;
    const batch = new Float32Array(n * size);
    inputs.forEach((x, j) => batch.set(x.data, j * size));
    const feedDims = [n, ...dims.slice(1)];
    const inputName = sizes.canonical.graph.inputs[0].name;
    const scores = (await sizes.forward.run({ [inputName]: { data: batch, dims: feedDims } }))[SCORES].data as Float32Array;
    const targets = inputs.map((_, j) => argmax(scores, j * K, K));
    checkpoint();
    const variant = graphMethodByName(this.method).graph(this.params, env);
    const { session } = await sizes.compiled(variant.key, variant.options);
    const seed = new Float32Array(n * K);
    targets.forEach((t, j) => (seed[j * K + t] = 1));
    const out = await session.runner.run({ [session.compiled.inputName]: { data: batch, dims: feedDims }, [SEED]: { data: seed, dims: [n, K] } }, [INPUT_SIGNAL, SCORES]);
    const signal = out[INPUT_SIGNAL].data as Float32Array;
    const relevanceOf = ONE_PASS[this.method]!;
    const { width, height } = imageLayout(dims, this.opened.config.input.layout);
    return inputs.map((x, j) => {
      const relevance = relevanceOf(signal.subarray(j * size, (j + 1) * size), x.data);
      const t = targets[j];
      return {
        target: t,
        score: scores[j * K + t],
        probability: softmaxAt(scores, t, j * K, K),
        map: pixelRelevance({ data: relevance, dims }, width, height),
        relevanceSum: sum(relevance),
      };
    });
  }

  private async oneByOne(inputs: TensorInput[], checkpoint: () => void): Promise<ImageExplanation[]> {
    const { width, height } = imageLayout(this.opened.dims, this.opened.config.input.layout);
    const out: ImageExplanation[] = [];
    for (const tensor of inputs) {
      // The engine asks between its steps and throws its own CANCELLED once this says stop.
      const stop = () => {
        try {
          checkpoint();
          return false;
        } catch {
          return true;
        }
      };
      const r = await this.engine.explain({ model: this.model, image: { tensor }, method: this.method, params: this.params }, () => {}, stop);
      const top = r.top.find((c) => c.index === r.target);
      out.push({ target: r.target, score: r.score, probability: top?.probability ?? 0, map: pixelRelevance(r.relevance, width, height), relevanceSum: r.relevanceSum });
    }
    return out;
  }
}

function sum(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}
