/**
 * The engine's API: explain an image with a method, or describe a model. Asynchronous and free of any
 * editor dependency; the worker (src/worker) runs it off the caller's thread because session.run blocks.
 */
import { basename, dirname } from 'node:path';
import { ExplainError } from '../errors';
import type { ClassScore, ConfigSources, Device, ExportRequest, ExportResult, MethodParams, ModelConfigFile, ExplainRequest, ExplainResult, LayerRecord, MetricsResult, ModelInfo, ModelReport, ModelSource, ModelStructure, PresetTable, ResolvedModelConfig, TensorInput } from '../protocol';
import { resolveModelConfig } from '../config/modelConfig';
import { type Found, labelsFor, readModelSources } from '../config/sources';
import { methodByName } from '../methods';
import type { ForwardContext, GraphEnv, GraphMethod, GraphVariant, Method, MethodContext, PassOptions } from '../methods/method';
import { exportExplainedModel } from '../export/exportModel';
import { makeBaseline, type Baseline } from '../preprocess/baselines';
import { tensorToDisplay } from '../preprocess/display';
import { preprocessingNotes } from '../preprocess/plausibility';
import { modelReport } from '../inspect/report';
import { modelStructure } from '../inspect/structure';
import { imageDims, imageLayout } from '../util/imageLayout';
import { measureFaithfulness } from '../metrics/faithfulness';
import { cascadeRandomization, type StepExplainer } from '../metrics/cascade';
import type { IRGraph } from '../onnx/ir';
import { pixelRelevance } from '../render/pixelRelevance';
import { locateModel, readModelBytes } from './modelSource';
import { RecentImages } from './recentImages';
import { ModelFiles } from './modelFiles';
import { type CompiledSession, ModelSessions, type RunSessions, type SizeSessions } from './modelSessions';
import { SwappedWeights } from './weightSwap';
import { PresetTables, classCount, rawPixelInput } from './presetTables';
import { weightedRun } from './weightedRun';
import { argmax } from '../util/scores';
import { useDevice } from '../onnx/runtime';

export interface BatchModel {
  sizes: SizeSessions;
  config: ResolvedModelConfig;
  modelPath: string;
  /** The model's input shape, batch 1. */
  dims: number[];
  classes: number;
  labels?: string[];
  env: GraphEnv;
}

export type ProgressFn = (fraction: number, message: string) => void;

/** Asked between steps; true stops the explanation with a CANCELLED error. */
export type StopFn = () => boolean;

// Chunks of 1 to 8 inputs per run measured within noise of each other on 2 cores (ResNet-18 integrated
// gradients, 32 steps: 1.34-1.62 s in every case); 2 keeps peak memory low and fits DeepLIFT's pairs.
const DEFAULT_CHUNK = 2;
/**
 * Black-box methods' batches (forward passes only, no backward held): as many inputs as make about this many
 * input values (6 at 224 x 224 x 3), at most 32. On 2 cores onnxruntime already spreads one input over both:
 * per input, batches of 4 to 16 took 21-23 ms on ResNet-18 against 25 ms alone, and SqueezeNet's 4.0-4.2 ms
 * were the same as alone, so larger batches would only hold more memory.
 */
const FORWARD_BATCH_VALUES = 2 ** 20;
const forwardChunk = (inputValues: number) => Math.max(1, Math.min(32, Math.floor(FORWARD_BATCH_VALUES / inputValues)));
const MAX_MODELS = 3;

export class Engine {
  private models = new Map<string, Promise<ModelSessions>>();
  private files = new ModelFiles();
  private images = new RecentImages();
  private presets = new PresetTables();
  private device: Device = 'cpu';

  async inspect(source: ModelSource): Promise<ModelInfo> {
    const { sessions, config, modelPath } = await this.open(source);
    const g = sessions.loaded.graph;
    const dims = inputDimsOf(config);
    const described = await sessions.forSize(dims).then(
      (sizes) => ({ classes: classCount(sizes), notes: sizes.canonical.notes }),
      // A model the compiler's passes refuse still runs the black-box methods: its classes from the raw forward.
      async (e: unknown) => {
        if (!(e instanceof ExplainError)) throw e;
        const raw = await sessions.raw();
        const size = dims.reduce((a, b) => a * b, 1);
        return { classes: (await raw.run(new Float32Array(size), dims)).length, notes: [...raw.notes, `Only the black-box methods can explain this model: ${e.message}`] };
      },
    );
    return {
      modelPath,
      opset: g.opset,
      inputName: g.inputs[0].name,
      inputDims: g.inputs[0].dims,
      outputName: g.outputs[0].name,
      classes: described.classes,
      config,
      notes: [...described.notes, ...(config.notes ?? [])],
    };
  }

  /** What `explain inspect` prints: the model, its path, which methods can run, the configuration and its sources. */
  async report(source: ModelSource): Promise<ModelReport> {
    const { sessions, config } = await this.open(source);
    const sizes = await sessions.forSize(inputDimsOf(config));
    const classes = classCount(sizes);
    return modelReport({ loaded: sessions.loaded, canonical: sizes.canonical, config, classes, labelsFrom: labelsFor(config, classes).from });
  }

  /** The model inspector's first look: the file described without decoding its weights (no session, no cache). */
  async structure(modelPath: string): Promise<ModelStructure> {
    return modelStructure(await readModelBytes(modelPath), modelPath);
  }

  /** Every preset that can feed the model, tried on one image (one batched forward where the batch is free). */
  async suggestPresets(source: ModelSource, imagePath: string): Promise<PresetTable> {
    const { sessions, config } = await this.open(source);
    const sizes = await sessions.forSize(inputDimsOf(config));
    return this.presets.table(sessions, sizes.scores, classCount(sizes), config, imagePath);
  }

  /**
   * The model opened for a batch over many images (src/dataset): its sessions at the configured input size, the
   * resolved configuration, the method's graph environment and the labels.
   */
  async openForBatch(source: ModelSource): Promise<BatchModel> {
    const { sessions, config, modelPath } = await this.open(source);
    const dims = inputDimsOf(config);
    const sizes = await sessions.forSize(dims);
    const classes = classCount(sizes);
    const env: GraphEnv = { pre: config.input, canonical: sizes.canonical, original: sessions.loaded.graph, removedNoOps: sessions.loaded.removedNoOps };
    return { sizes, config, modelPath, dims, classes, labels: labelsFor(config, classes).labels, env };
  }

  explain(req: ExplainRequest, onProgress: ProgressFn = () => {}, stop: StopFn = () => false): Promise<ExplainResult> {
    return this.explainIn(req, onProgress, stop);
  }

  /**
   * `randomized`: run on these sessions instead of the model's own (a randomization step's graph, same shapes,
   * other weights), without the layer table or metrics.
   */
  private async explainIn(req: ExplainRequest, onProgress: ProgressFn, stop: StopFn, randomized?: RunSessions): Promise<ExplainResult> {
    // Never backwards, even when a method runs a second graph (Guided Grad-CAM) after the first one's chunks.
    let reached = 0;
    const progress: ProgressFn = (fraction, message) => onProgress((reached = Math.max(reached, fraction)), message);
    const checkpoint = () => {
      if (stop()) throw new ExplainError('CANCELLED', 'Cancelled.');
    };
    const step = (fraction: number, message: string) => {
      checkpoint();
      progress(fraction, message);
    };
    const method = methodByName(req.method);
    const params = paramsOf(method, req.params);
    step(0, 'Loading the model');
    const { sessions, config } = await this.open(req.model);
    const dims = inputDimsOf(config);
    const { input, display, geometry, original, transparencyFlattened } = await this.readInput(req, config, dims);
    // Black-box methods run the model file as onnxruntime loads it, the others the canonical graph's forward.
    const raw = method.forwardOnly && !randomized ? await sessions.raw() : undefined;
    const full = raw || randomized ? undefined : await sessions.forSize(dims);
    const sizes: RunSessions | undefined = randomized ?? full;
    const forward = raw ?? sizes!.scores;

    step(0.05, 'Running the model');
    const t0 = performance.now();
    const scores = await forward.run(input.data, dims);
    const forwardMs = performance.now() - t0;
    const classes = scores.length;
    const target = req.target ?? argmax(scores);
    if (!Number.isInteger(target) || target < 0 || target >= classes) {
      throw new ExplainError('BAD_ARGUMENT', `Target ${req.target} is not a class of this model (0..${classes - 1}).`);
    }
    const { labels, from: labelsFrom } = labelsFor(config, classes);
    const sources = { ...config.sources, ...(labelsFrom && { labels: labelsFrom }) };
    const notes = [...(raw ?? sizes!.canonical).notes, ...(config.notes ?? []), ...preprocessingNotes(config, scores)];
    if (config.labels && !labels) notes.push(`The labels file has ${config.labels.length} entries but the model has ${classes} classes; labels are not shown.`);
    const labelOf = (i: number) => labels?.[i] ?? `class ${i}`;
    if ('path' in req.image && !randomized) notes.push(...(await this.presets.notes(sessions, forward, config, req.image.path, scores, labelOf)));
    checkpoint();

    const fixedBatch = forward.fixedBatch;
    const chunk = fixedBatch ? 1 : (params.chunk ?? (method.forwardOnly ? forwardChunk(input.data.length) : DEFAULT_CHUNK));
    if (!Number.isInteger(chunk) || chunk < 1) throw new ExplainError('BAD_ARGUMENT', `chunk must be a positive integer (got ${chunk}).`);
    /** The target's score for `count` inputs through the plain forward, `chunk` at a time. */
    const batchScores = async (count: number, sample: (i: number) => Float32Array, onDone: (done: number) => void, onChunk?: (start: number, scores: Float32Array) => void): Promise<Float32Array> => {
      const size = input.data.length;
      const out = new Float32Array(count);
      for (let start = 0; start < count; start += chunk) {
        checkpoint();
        const n = Math.min(chunk, count - start);
        const batch = new Float32Array(n * size);
        for (let j = 0; j < n; j++) batch.set(sample(start + j), j * size);
        const s = await forward.run(batch, [n, ...dims.slice(1)]);
        for (let j = 0; j < n; j++) out[start + j] = s[j * classes + target];
        onChunk?.(start, out.subarray(start, start + n));
        onDone(start + n);
      }
      return out;
    };
    let baseline: Promise<Baseline> | undefined;
    const forwardCtx: ForwardContext = {
      input,
      target,
      params,
      pre: config.input,
      display,
      baseline: () => (baseline ??= makeBaseline(params.baseline ?? { kind: 'zero' }, input, config.input)),
      // The input's own score was computed above; methods ask for it again for completeness (f(x) - f(x0)).
      score: async (x) => (x === input.data ? scores[target] : (await forward.run(x, dims))[target]),
      scores: (count, sample, onChunk) => batchScores(count, sample, (done) => progress(0.15 + (0.8 * done) / count, `${method.title}: ${done}/${count} forward passes`), onChunk),
    };
    // Compiled on first use: a method that only runs the plain forward (occlusion) compiles nothing.
    let session: CompiledSession | undefined;
    let cached = true;
    let compileMs = 0;
    let compileWallMs = 0;
    const graphContext = (sizes: RunSessions, method: GraphMethod): MethodContext => {
    const env: GraphEnv = { pre: config.input, canonical: sizes.canonical, original: sessions.loaded.graph, removedNoOps: sessions.loaded.removedNoOps };
    const variant = withLayerMap(method.graph(params, env), req.layerMap);
    const open = async (v: GraphVariant): Promise<CompiledSession> => {
      if (!sizes.has(v.key)) step(0.15, 'Compiling the explanation graph');
      else checkpoint();
      const t = performance.now();
      const got = await sizes.compiled(v.key, v.options);
      compileWallMs += performance.now() - t;
      if (!got.cached) {
        cached = false;
        compileMs += got.session.compileMs;
      }
      if (v.key === variant.key) session = got.session;
      return got.session;
    };

    // A fixed batch takes one input per run, or one pair (DeepLIFT's input and reference) in a graph that
    // runs the forward once per row (compile's dualForward).
    const refuseGroups = (group: number) => {
      if (fixedBatch && group > 2) {
        throw new ExplainError('UNSUPPORTED_MODEL', `${method.title} runs groups of ${group} inputs in one batch, and this model's export fixed the batch at 1: export it with a dynamic batch axis (torch.onnx.export's dynamic_axes).`);
      }
    };
    const runOn = (s: CompiledSession, count: number, sample: (i: number) => Float32Array, weight: (i: number) => number, opts: PassOptions = {}) => {
      const group = opts.group ?? 1;
      refuseGroups(group);
      return weightedRun(s, count, sample, weight, {
        target,
        inputDims: dims,
        chunk: Math.ceil(chunk / group) * group,
        onChunk: (done, total) => progress(0.15 + (0.8 * done) / total, `${method.title}: ${done}/${total}`),
        checkpoint,
        onSignal: opts.onSignal,
      });
    };
    return {
      ...forwardCtx,
      run: async (count, sample, weight, opts) => {
        refuseGroups(opts?.group ?? 1);
        return runOn(await open(variant), count, sample, weight, opts);
      },
      runGraph: async (v, count, sample, weight) => runOn(await open(v), count, sample, weight),
      env,
    };
    };
    step(0.15, `Running ${method.title}`);
    const t1 = performance.now();
    const out = method.forwardOnly ? await method.run(forwardCtx) : await method.run(graphContext(sizes!, method));
    const runMs = performance.now() - t1 - compileWallMs;

    checkpoint();
    if (req.layerMap !== undefined && !out.pass.layerMap) {
      throw new ExplainError('BAD_ARGUMENT', `${method.title} records no layers, so it has no map of layer "${req.layerMap}".`);
    }
    const info = full && session ? await full.activations(input, 'path' in req.image) : {};
    const layers: LayerRecord[] = (session && out.pass.layers.length && !randomized ? session.compiled.layers : []).map((l, k) => {
      const acc = out.pass.layers[k];
      const sum = sumOf(acc.neurons);
      const positive = acc.neurons.reduce((a, b) => a + Math.max(b, 0), 0);
      const act = full?.activationOutputs.get(l.name);
      return {
        name: l.name,
        node: l.node,
        op: l.op,
        shape: l.shape,
        sum,
        gap: out.conserves === undefined ? undefined : sum - out.conserves,
        positive,
        negative: sum - positive,
        neurons: acc.neurons,
        activations: act ? (info[act].data as Float32Array) : new Float32Array(acc.neurons.length),
      };
    });
    const relevanceSum = sumOf(out.relevance);
    const relevance = { data: out.relevance, dims: out.relevanceDims ?? [...dims] };
    let metrics: MetricsResult | undefined;
    if (req.metrics && !randomized) {
      const { width, height } = imageLayout(dims, config.input.layout);
      const map = pixelRelevance(relevance, width, height);
      if (req.metrics.faithfulness) {
        const inputs = {
          input,
          pre: config.input,
          map,
          score: scores[target],
          scores: (count: number, sample: (i: number) => Float32Array) => batchScores(count, sample, (done) => progress(0.95, `Faithfulness: ${done}/${count} perturbed inputs`)),
          tokenPatch: forward.tokenPatch,
        };
        metrics = { faithfulness: await measureFaithfulness(inputs, req.metrics.faithfulness) };
      }
      if (req.metrics.randomization) {
        const seed = req.metrics.randomization.seed ?? 0;
        if (!Number.isInteger(seed)) throw new ExplainError('BAD_ARGUMENT', `The randomization seed must be an integer (got ${seed}).`);
        const { canonical } = sizes ?? (await sessions.forSize(dims));
        const start = async (last: IRGraph, replaced: string[]): Promise<StepExplainer> => {
          const swap = await SwappedWeights.create(canonical, last, replaced);
          return {
            explain: async (graph) => {
              swap.use(graph);
              const r = await this.explainIn({ ...req, params, target, layerMap: undefined, metrics: undefined }, () => {}, stop, swap);
              return pixelRelevance(r.relevance, width, height);
            },
            release: () => swap.release(),
          };
        };
        const randomization = await cascadeRandomization(canonical.graph, map, seed, start, (done, total) => step(0.96, `Sanity check: ${done}/${total} layers randomized`));
        metrics = { ...metrics, randomization };
      }
    }
    progress(1, 'Done');
    return {
      method: method.name,
      params,
      target,
      label: labelOf(target),
      score: scores[target],
      explained: `the score (logit) of class ${target} "${labelOf(target)}"`,
      top: topK(scores, 5, labelOf),
      input,
      layout: config.input.layout,
      sources,
      display,
      geometry,
      original,
      ...(transparencyFlattened ? { transparencyFlattened } : {}),
      relevance,
      cam: out.cam,
      layerChoices: out.layerChoices,
      ...(out.segmentation && { segmentation: out.segmentation }),
      relevanceSum,
      baselineScore: out.delta?.baselineScore,
      completenessError: out.delta ? out.delta.expected - relevanceSum : undefined,
      conserved: out.conserves,
      layerQuantity: method.layerQuantity,
      layers,
      layerMap: layerMapOf(req.layerMap, out.pass.layerMap, layers),
      metrics,
      timings: { forwardMs, compileMs, runMs: Math.max(0, runMs), cached },
      // The raw forward may learn during the run that the graph fixes its batch (rawForward's checked batches).
      notes: [...notes, ...(raw ? raw.notes.filter((n) => !notes.includes(n)) : []), ...out.notes],
    };
  }

  /** The method's explanation of the model as one standalone ONNX file (src/export). */
  async exportExplained(req: ExportRequest): Promise<ExportResult> {
    const method = methodByName(req.method);
    const { sessions, config, modelPath } = await this.open(req.model);
    const dims = inputDimsOf(config);
    const sizes = await sessions.forSize(dims);
    const env: GraphEnv = { pre: config.input, canonical: sizes.canonical, original: sessions.loaded.graph, removedNoOps: sessions.loaded.removedNoOps };
    const { labels } = labelsFor(config, classCount(sizes));
    return exportExplainedModel(req, { method, params: paramsOf(method, req.params), env, dims, labels, modelPath });
  }

  /** Runs every model on `device` from now on; sessions made for another device are released. */
  async useDevice(device: Device): Promise<void> {
    if (device === this.device) return;
    useDevice(device);
    this.device = device;
    await this.clearCache();
  }

  async clearCache(): Promise<void> {
    const all = await Promise.allSettled([...this.models.values()]);
    this.models.clear();
    await Promise.allSettled(all.flatMap((r) => (r.status === 'fulfilled' ? [r.value.release()] : [])));
  }

  private async open(source: ModelSource): Promise<{ sessions: ModelSessions; config: ResolvedModelConfig; modelPath: string }> {
    const loc = await locateModel(source);
    let { hash, bytes } = await this.files.identify(loc.modelPath);
    // One loaded graph per content and score output (the output decides which nodes the graph keeps).
    const scoreOutput = loc.file.scoreOutput || undefined;
    const key = `${hash}:${scoreOutput ?? ''}`;
    // A known file whose model was evicted: read it again (and hash what was read).
    if (!bytes && !this.models.has(key)) ({ hash, bytes } = await this.files.identify(loc.modelPath, true));
    let s = this.models.get(key);
    if (!s) {
      s = ModelSessions.load(bytes!, loc.modelPath, () => readModelBytes(loc.modelPath), { modelDir: dirname(loc.modelPath), scoreOutput });
      this.models.set(key, s);
      s.catch(() => this.models.delete(key));
      await this.evict();
    }
    const sessions = await s;
    const found = await readModelSources(dirname(loc.modelPath), sessions.loaded.graph.metadata, sessions.loaded.classLabels);
    const resolved = await resolveWithFound(loc.file, loc.baseDir, sessions.loaded.graph.inputs[0].dims, found, loc.configPath);
    const config = sessions.loaded.pixelInput ? asRawPixels(resolved) : resolved;
    return { sessions, config: { ...config, modelPath: loc.modelPath, configPath: loc.configPath }, modelPath: loc.modelPath };
  }

  /** Keeps the few most recent models: compiled sessions of large models hold hundreds of MB. */
  private async evict(): Promise<void> {
    while (this.models.size > MAX_MODELS) {
      const [oldest] = this.models.keys();
      const s = this.models.get(oldest)!;
      this.models.delete(oldest);
      await s.then((m) => m.release(), () => undefined);
    }
  }

  private async readInput(req: ExplainRequest, config: ResolvedModelConfig, dims: number[]) {
    if ('path' in req.image) {
      const { tensor, display, geometry, original, transparencyFlattened } = await this.images.decode(req.image.path, config.input);
      return { input: tensor, display, geometry, original, transparencyFlattened };
    }
    const t: TensorInput = req.image.tensor;
    if (t.dims.length !== dims.length || t.dims.some((d, i) => d !== dims[i]) || t.data.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new ExplainError('INPUT_SIZE', `The input tensor has shape [${t.dims}] but the model takes [${dims}].`);
    }
    return { input: t, display: tensorToDisplay(t, config.input), geometry: undefined, original: undefined, transparencyFlattened: false };
  }
}

/**
 * The method's graph, or with a layer map asked for, a variant of it that also outputs that layer's map: its
 * own cache key, so the plain graph (and its key) stays as it was when no map is asked for.
 */
function withLayerMap(v: GraphVariant, layer: string | undefined): GraphVariant {
  if (layer === undefined) return v;
  if (typeof layer !== 'string' || layer === '') throw new ExplainError('BAD_ARGUMENT', 'layerMap must be a layer name from the layer table.');
  return { key: `${v.key}+layer-map:${layer}`, options: { ...v.options, layerMap: layer } };
}

function layerMapOf(layer: string | undefined, data: Float32Array | undefined, layers: LayerRecord[]): ExplainResult['layerMap'] {
  const record = layers.find((l) => l.name === layer);
  if (layer === undefined || !data || !record) return undefined;
  return { layer, data, dims: record.shape.slice(1) };
}

/**
 * A model fed integer pixels scales them itself: its input gets the pixel values 0..255 whatever a
 * configuration says (one that says otherwise is noted in the model's notes).
 */
function asRawPixels(config: ResolvedModelConfig): ResolvedModelConfig {
  const from = "the model's uint8 input (it scales its pixels itself)";
  return { ...config, input: rawPixelInput(config.input), sources: { ...config.sources, scale: from, mean: from, std: from } };
}

/**
 * The configuration over what the files beside the model say (a field the configuration sets wins; a preset
 * it names replaces the found preprocessing), with every field's origin. Found sizes that the model's fixed
 * input shape contradicts give way to the shape.
 */
async function resolveWithFound(file: ModelConfigFile, baseDir: string, dims: (number | string)[], found: Found, configPath?: string): Promise<ResolvedModelConfig> {
  const given = file.input ?? {};
  const usable: Found['input'] = given.preset === undefined ? found.input : {};
  const merged = (input: Found['input']): ModelConfigFile => ({ ...file, labels: file.labels ?? found.labels, input: { ...input, ...given } });
  let kept = usable;
  let resolved: ResolvedModelConfig;
  const notes: string[] = [];
  try {
    resolved = await resolveModelConfig(merged(kept), baseDir, dims);
  } catch (e) {
    if (!(e instanceof ExplainError) || e.code !== 'INPUT_SIZE' || Object.keys(usable).length === 0) throw e;
    const { width, height, crop, resize, ...rest } = usable;
    kept = rest;
    resolved = await resolveModelConfig(merged(kept), baseDir, dims);
    notes.push(sizeConflictNote({ width, height, crop, resize }, found.sources, dims));
  }
  const sources: ConfigSources = {};
  const shapeFrom = "the model's input shape";
  if (given.layout === undefined) sources.layout = shapeFrom;
  if (typeof dims[2] === 'number' && typeof dims[3] === 'number') {
    if (given.width === undefined && kept.width === undefined) sources.width = shapeFrom;
    if (given.height === undefined && kept.height === undefined) sources.height = shapeFrom;
  }
  const from = configPath ? basename(configPath) : 'the configuration';
  for (const key of Object.keys(kept) as (keyof Found['input'])[]) if (given[key] === undefined && found.sources[key]) sources[key] = found.sources[key];
  for (const key of Object.keys(given) as (keyof Found['input'])[]) if (given[key] !== undefined) sources[key] = from;
  if (file.labels !== undefined) sources.labels = from;
  else if (found.labels) sources.labels = found.sources.labels;
  return {
    ...resolved,
    sources: { ...sources, ...resolved.sources },
    guessed: file.input === undefined && Object.keys(kept).length === 0,
    ...(notes.length && { notes }),
  };
}

/**
 * The warning for found sizes the model's input shape overrules: both sides named, so a model exported at another
 * size than its processor describes (or a wrong metadata file beside it) is noticed, not silently fixed.
 */
function sizeConflictNote(dropped: Found['input'], from: ConfigSources, dims: (number | string)[]): string {
  const fields = (Object.entries(dropped) as [keyof Found['input'], unknown][])
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${JSON.stringify(v)} from ${from[k] ?? 'the metadata'}`);
  return (
    `The metadata beside the model disagrees with the model's input shape [${dims.join(', ')}]: ` +
    `${fields.join(', ')} ${fields.length === 1 ? 'was' : 'were'} set aside and the model's input shape is used. ` +
    'If the model was exported at another size than its metadata describes, set input.width/height (and resize) in its .explain.json.'
  );
}

/** The method's defaults under the given parameters; one given as undefined (an unset setting) keeps its default. */
function paramsOf(method: Method, given: MethodParams | undefined): MethodParams {
  return { ...method.defaults, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) };
}

function inputDimsOf(config: ResolvedModelConfig): number[] {
  const p = config.input;
  return imageDims(p.channels === 'gray' ? 1 : 3, p.height, p.width, p.layout);
}

/** An indexed loop in a function of its own: reduce with a closure took ~1.2 ms over a 224x224x3 map, for-of 0.7. */
function sumOf(values: Float32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function topK(scores: Float32Array, k: number, labelOf: (i: number) => string): ClassScore[] {
  const max = Math.max(...scores);
  const exp = Array.from(scores, (s) => Math.exp(s - max));
  const z = exp.reduce((a, b) => a + b, 0);
  return [...scores.keys()]
    .sort((a, b) => scores[b] - scores[a])
    .slice(0, k)
    .map((index) => ({ index, label: labelOf(index), score: scores[index], probability: exp[index] / z }));
}
