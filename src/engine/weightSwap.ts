/**
 * The randomization cascade's sessions: each step's graph has the model's structure with other weights, so
 * instead of encoding and loading a new graph per step (ResNet-18: 2.2 s a step, mostly protobuf encoding and
 * onnxruntime's session set-up, against 90 ms for the explanation itself), the forward and every compiled
 * variant are loaded once with the weights that change (the cascade's tensors, and the compiled constants
 * derived from them: flipped kernels, LRP's split weights) as inputs, and each step feeds its own values. A compiled step whose structure differs from the loaded one (a rule that branches on weight
 * values) gets a session of its own, as before.
 */
import type { CanonicalGraph } from '../canonicalize';
import { type CompiledGraph, type CompileOptions, compile } from '../compile/compile';
import { DerivedConstants } from '../compile/derivedConstants';
import { plainForward } from '../compile/forwardGraphs';
import type { ConstTensor, IRGraph, IRNode } from '../onnx/ir';
import { type Feeds, type Runner, createRunner } from '../onnx/runtime';
import type { CompiledSession, RunSessions } from './modelSessions';
import { type ScoreForward, canonicalForward } from './scoreForward';

type Weights = Feeds;

interface Variant {
  /** The compiled graph's structure and records, as loaded, and the names its steps feed. */
  loaded: CompiledGraph;
  swapped: string[];
  runner: Runner;
}

export class SwappedWeights implements RunSessions {
  canonical: CanonicalGraph;
  readonly forward: Runner;
  private forwardFeeds: Weights = {};
  private scoresOnce?: ScoreForward;
  private readonly variants = new Map<string, Promise<Variant>>();
  /** Kernels derived from weights no step has replaced are derived once. */
  private readonly derived = new DerivedConstants();
  /** Sessions made for one step whose compiled graph could not take the loaded one's place. */
  private readonly ownSessions: Runner[] = [];

  private constructor(
    private readonly base: CanonicalGraph,
    /** The graph with every tensor the cascade will replace replaced: what tells which compiled constants change. */
    private readonly probe: IRGraph,
    /** The replaced tensors the plain forward holds. */
    private readonly tensors: string[],
    private readonly forwardRunner: Runner,
  ) {
    this.canonical = base;
    this.forward = { run: (feeds, outputs) => this.forwardRunner.run({ ...feeds, ...this.forwardFeeds }, outputs), release: async () => {} };
  }

  /** `probe`: the base graph with every tensor in `tensors` given other values (the cascade's last step). */
  static async create(base: CanonicalGraph, probe: IRGraph, tensors: string[]): Promise<SwappedWeights> {
    const forward = plainForward(base);
    const held = tensors.filter((t) => forward.inits.has(t));
    return new SwappedWeights(base, probe, held, await createRunner(asInputs(forward, held)));
  }

  /** The next step's graph: `graph` has the base's structure, with some of `tensors` replaced. */
  use(graph: IRGraph): void {
    this.canonical = { ...this.base, graph };
    this.forwardFeeds = feedsOf(graph, this.tensors);
  }

  /** The plain forward on the current step's weights, batch in, scores out. */
  get scores(): ScoreForward {
    // The steps share one structure, so one wrapper of the swapping forward serves them all.
    return (this.scoresOnce ??= canonicalForward(this.forward, this.base.graph));
  }

  has(key: string): boolean {
    return this.variants.has(key);
  }

  async compiled(key: string, options: CompileOptions): Promise<{ session: CompiledSession; cached: boolean }> {
    const t0 = performance.now();
    let made = this.variants.get(key);
    const cached = made !== undefined;
    if (!made) {
      made = this.load(options);
      this.variants.set(key, made);
    }
    const variant = await made;
    const { graph, ...records } = compile(this.canonical, options, this.derived);
    if (!sameStructure(graph, variant.loaded.graph)) {
      const runner = await createRunner(graph);
      this.ownSessions.push(runner);
      return { session: { compiled: records, runner, compileMs: performance.now() - t0, weightBytes: 0 }, cached: false };
    }
    const feeds = feedsOf(graph, variant.swapped);
    const runner: Runner = { run: (f, outputs) => variant.runner.run({ ...f, ...feeds }, outputs), release: async () => {} };
    return { session: { compiled: records, runner, compileMs: performance.now() - t0, weightBytes: 0 }, cached };
  }

  async release(): Promise<void> {
    const all = await Promise.allSettled([...this.variants.values()]);
    await Promise.allSettled([this.forwardRunner.release(), ...this.ownSessions.map((r) => r.release()), ...all.flatMap((r) => (r.status === 'fulfilled' ? [r.value.runner.release()] : []))]);
  }

  /** The variant compiled on the base graph, loaded with the constants the probe's compile changes as inputs. */
  private async load(options: CompileOptions): Promise<Variant> {
    const loaded = compile(this.base, options, this.derived);
    const probed = compile({ ...this.base, graph: this.probe }, options, this.derived).graph;
    const swapped = sameStructure(loaded.graph, probed) ? changedInits(loaded.graph, probed) : [];
    return { loaded, swapped, runner: await createRunner(asInputs(loaded.graph, swapped)) };
  }
}

/**
 * `g` with the initializers `names` made inputs. Not overridable initializers (kept and also listed as inputs):
 * onnxruntime-node's run takes only the session's input names, which leave those out, and drops their feeds.
 */
export function asInputs(g: IRGraph, names: string[]): IRGraph {
  const inits = new Map(g.inits);
  for (const n of names) inits.delete(n);
  return { ...g, inits, inputs: [...g.inputs, ...names.map((name) => ({ name, type: g.inits.get(name)!.type, dims: [...g.inits.get(name)!.dims] }))] };
}

function feedsOf(g: IRGraph, names: string[]): Weights {
  return Object.fromEntries(names.map((n) => [n, { data: g.inits.get(n)!.data as Float32Array, dims: g.inits.get(n)!.dims }]));
}

/** Float initializers whose values differ between two graphs of the same structure. */
function changedInits(a: IRGraph, b: IRGraph): string[] {
  return [...a.inits].filter(([name, t]) => t.type === 'float32' && !sameValues(t, b.inits.get(name)!)).map(([name]) => name);
}

function sameValues(a: ConstTensor, b: ConstTensor): boolean {
  if (a.data === b.data) return true;
  if (a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** The same nodes, inputs, outputs and initializer names and shapes: only initializer values may differ. */
export function sameStructure(a: IRGraph, b: IRGraph): boolean {
  if (a.nodes.length !== b.nodes.length || a.inits.size !== b.inits.size) return false;
  if (JSON.stringify(a.inputs) !== JSON.stringify(b.inputs) || JSON.stringify(a.outputs) !== JSON.stringify(b.outputs)) return false;
  for (const [name, t] of a.inits) {
    const u = b.inits.get(name);
    if (!u || u.type !== t.type || u.dims.join() !== t.dims.join() || (t.type !== 'float32' && !sameValues(t, u))) return false;
  }
  return a.nodes.every((n, i) => sameNode(n, b.nodes[i]));
}

function sameNode(a: IRNode, b: IRNode): boolean {
  return a.opType === b.opType && a.domain === b.domain && a.inputs.join('\n') === b.inputs.join('\n') && a.outputs.join('\n') === b.outputs.join('\n') && sameAttrs(a, b);
}

function sameAttrs(a: IRNode, b: IRNode): boolean {
  const keys = Object.keys(a.attrs);
  if (keys.length !== Object.keys(b.attrs).length) return false;
  return keys.every((k) => {
    const x = a.attrs[k];
    const y = b.attrs[k];
    if (!y || x.type !== y.type) return false;
    if (x.type === 'tensor' && y.type === 'tensor') return x.value.type === y.value.type && x.value.dims.join() === y.value.dims.join() && sameValues(x.value, y.value);
    return JSON.stringify(x.value) === JSON.stringify(y.value);
  });
}
