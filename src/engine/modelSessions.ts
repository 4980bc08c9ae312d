/**
 * Everything compiled for one model: its loaded graph (once per content), and per input size the
 * canonical graph, the forward sessions and one compiled session per graph variant. Keyed by content
 * hash, so an edited model file is reloaded and an unchanged one is never compiled twice.
 */
import { createHash } from 'node:crypto';
import { type CanonicalGraph, type LoadedGraph, type LoadOptions, canonicalize, loadGraph, loadScoreGraph } from '../canonicalize';
import { withBlackBoxHint } from '../compile/blackBoxHint';
import { type RawForward, rawForward } from './rawForward';
import { type CompiledGraph, type CompileOptions, compile } from '../compile/compile';
import { forwardWithActivations, plainForward } from '../compile/forwardGraphs';
import { type Fetched, type Runner, createRunner } from '../onnx/runtime';
import { encodeModel } from '../onnx/encode';
import { collectGarbage } from '../util/collectGarbage';
import { type IRGraph } from '../onnx/ir';
import { variantsToRelease } from './variantBudget';
import { ExplainError } from '../errors';
import { type ScoreForward, canonicalForward } from './scoreForward';

export interface CompiledSession {
  /** What running the compiled graph needs; the graph itself is dropped once onnxruntime holds it. */
  compiled: Omit<CompiledGraph, 'graph'>;
  runner: Runner;
  compileMs: number;
  /** Bytes of the graph's initializers: what the session's memory scales with. */
  weightBytes: number;
}

/** Compiled and encoded in a frame of its own, so that no live frame holds the graph once this returns. */
function compileEncoded(canonical: CanonicalGraph, options: CompileOptions): { compiled: CompiledSession['compiled']; bytes: Uint8Array; weightBytes: number } {
  const { graph, ...compiled } = compile(canonical, options);
  return { compiled, bytes: encodeModel(graph), weightBytes: weightBytes(graph) };
}

function weightBytes(g: IRGraph): number {
  let n = 0;
  for (const t of g.inits.values()) n += t.data.byteLength;
  return n;
}


/** What one explanation runs on: the sessions of one input size, or a randomization step's. */
export type RunSessions = Pick<SizeSessions, 'canonical' | 'forward' | 'scores' | 'has' | 'compiled'>;

export class SizeSessions {
  /** Insertion order is recency order: a hit is moved to the end. */
  private compiledByKey = new Map<string, Promise<CompiledSession>>();
  /** Per input array (the engine reuses a decoded image's): the layer table's activations, run once. */
  private activationsOf = new WeakMap<Float32Array, Promise<Fetched>>();
  private scoresOnce?: ScoreForward;

  constructor(
    readonly canonical: CanonicalGraph,
    readonly forward: Runner,
    /** Absent on a session set made for one run without a layer table (a randomization step). */
    readonly info: Runner | undefined,
    readonly activationOutputs: Map<string, string>,
  ) {}

  /** The plain forward of the canonical graph, batch in, scores out. */
  get scores(): ScoreForward {
    return (this.scoresOnce ??= canonicalForward(this.forward, this.canonical.graph));
  }

  /** Sessions for a graph that lives for one explanation: the forward and its compiled variants, no layer table. */
  static async bare(canonical: CanonicalGraph): Promise<SizeSessions> {
    return new SizeSessions(canonical, await createRunner(plainForward(canonical)), undefined, new Map());
  }

  /**
   * The activations graph's outputs for an input. `remember`: the input array is the engine's own decoded image,
   * never written to, so its activations are kept while it lives (a caller's tensor could change in place).
   */
  activations(input: { data: Float32Array; dims: number[] }, remember: boolean): Promise<Fetched> {
    const info = this.info;
    if (!info) return Promise.reject(new ExplainError('INTERNAL', 'These sessions were made without the layer table\'s activations.'));
    const run = () => info.run({ [this.canonical.graph.inputs[0].name]: input });
    if (!remember) return run();
    let got = this.activationsOf.get(input.data);
    if (!got) {
      got = run();
      this.activationsOf.set(input.data, got);
      got.catch(() => this.activationsOf.delete(input.data));
    }
    return got;
  }

  /** Whether a graph variant is compiled (or being compiled) already. */
  has(key: string): boolean {
    return this.compiledByKey.has(key);
  }

  /** The compiled session for a graph variant, and whether it came from the cache. */
  async compiled(key: string, options: CompileOptions): Promise<{ session: CompiledSession; cached: boolean }> {
    const hit = this.compiledByKey.get(key);
    if (hit) {
      this.compiledByKey.delete(key);
      this.compiledByKey.set(key, hit);
      return { session: await hit, cached: true };
    }
    // A compiled graph holds the forward's weights and the backward's: about twice the model's.
    await this.evict(2 * weightBytes(this.canonical.graph));
    const made = (async () => {
      const t0 = performance.now();
      const { bytes, ...encoded } = compileEncoded(this.canonical, options);
      // The graph's weights are garbage now: collected before onnxruntime makes its own copies of them.
      collectGarbage();
      return { ...encoded, runner: await createRunner(bytes), compileMs: performance.now() - t0 };
    })();
    this.compiledByKey.set(key, made);
    made.catch(() => this.compiledByKey.delete(key));
    return { session: await made, cached: false };
  }

  /** Releases least recently used variants to make room for one of about `incoming` bytes of weights (requests run one at a time). */
  private async evict(incoming: number): Promise<void> {
    const kept: { key: string; weightBytes: number }[] = [];
    for (const [key, session] of this.compiledByKey) kept.push({ key, weightBytes: await session.then((s) => s.weightBytes, () => 0) });
    for (const key of variantsToRelease(kept, incoming)) {
      const session = this.compiledByKey.get(key)!;
      this.compiledByKey.delete(key);
      await session.then((s) => s.runner.release(), () => undefined);
    }
  }

  async release(): Promise<void> {
    const all = await Promise.allSettled([...this.compiledByKey.values()]);
    await Promise.allSettled([
      this.forward.release(),
      this.info?.release(),
      ...all.flatMap((r) => (r.status === 'fulfilled' ? [r.value.runner.release()] : [])),
    ]);
  }
}

export class ModelSessions {
  private bySize = new Map<string, Promise<SizeSessions>>();
  private rawOnce?: Promise<RawForward>;
  /** Whether `loaded` lost its large weights (after the first canonicalization): another size reads the file again. */
  private trimmed = false;

  private constructor(
    readonly hash: string,
    private current: LoadedGraph,
    private readonly label: string,
    private readonly reread: () => Promise<Uint8Array>,
    private readonly options: LoadOptions,
    /** Why the compiler's passes refused the model (it is loaded with its score output only): black-box methods still run. */
    private readonly refused?: unknown,
  ) {}

  /** The model as loaded: its structure and small constants always, its large weights until trimmed. */
  get loaded(): LoadedGraph {
    return this.current;
  }

  /**
   * `reread` reads the model file again, for an input size asked for after the weights were let go (external
   * data files are read again from `options.modelDir` with it).
   */
  static async load(bytes: Uint8Array, label: string, reread: () => Promise<Uint8Array>, options: LoadOptions = {}): Promise<ModelSessions> {
    try {
      return new ModelSessions(contentHash(bytes), await loadGraph(bytes, label, options), label, reread, options);
    } catch (e) {
      if (!(e instanceof ExplainError)) throw e;
      // The score output and Softmax cut come first: a model they refuse is refused for every method.
      return new ModelSessions(contentHash(bytes), loadScoreGraph(bytes, label, options), label, reread, options, withBlackBoxHint(e));
    }
  }

  /** The model file as onnxruntime runs it, for the black-box methods (made on first use). */
  raw(): Promise<RawForward> {
    if (!this.rawOnce) {
      this.rawOnce = this.reread().then((bytes) => {
        if (contentHash(bytes) !== this.hash) throw this.changed();
        return rawForward(bytes, this.label, this.options);
      });
      this.rawOnce.catch(() => (this.rawOnce = undefined));
    }
    return this.rawOnce;
  }

  forSize(inputDims: number[]): Promise<SizeSessions> {
    if (this.refused) return Promise.reject(this.refused);
    const key = inputDims.join('x');
    let s = this.bySize.get(key);
    if (!s) {
      s = (async () => {
        const canonical = await canonicalize(this.trimmed ? await this.reload() : this.current, inputDims).catch((e) => {
          throw withBlackBoxHint(e);
        });
        // The canonical graph holds the weights from here on (folded); the loaded graph only names and small
        // constants (CAM's layer lookup): a second copy of a model's weights is not kept (ResNet-18: 45 MB).
        if (!this.trimmed) {
          this.current = { ...this.current, graph: withoutLargeWeights(this.current.graph) };
          this.trimmed = true;
        }
        const info = forwardWithActivations(canonical);
        const [forward, infoRunner] = await Promise.all([createRunner(plainForward(canonical)), createRunner(info.graph)]);
        return new SizeSessions(canonical, forward, infoRunner, info.activations);
      })();
      this.bySize.set(key, s);
      s.catch(() => this.bySize.delete(key));
    }
    return s;
  }

  async release(): Promise<void> {
    const all = await Promise.allSettled([...this.bySize.values(), ...(this.rawOnce ? [this.rawOnce] : [])]);
    await Promise.allSettled(all.flatMap((r) => (r.status === 'fulfilled' ? [r.value.release()] : [])));
  }

  /** The whole model from its file, which must still hold what was loaded. */
  private async reload(): Promise<LoadedGraph> {
    const bytes = await this.reread();
    if (contentHash(bytes) !== this.hash) throw this.changed();
    return loadGraph(bytes, this.label, this.options);
  }

  private changed(): ExplainError {
    return new ExplainError('MODEL_NOT_FOUND', `The model file ${this.label} changed while in use: explain again to load it anew.`);
  }
}

/** Initializers of this many values or more are weights, not per-channel constants. */
const LARGE = 16384;

function withoutLargeWeights(g: IRGraph): IRGraph {
  return { ...g, inits: new Map([...g.inits].filter(([, t]) => t.data.length < LARGE)) };
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
