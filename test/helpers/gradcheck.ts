/**
 * Finite-difference check of one op's backward rule: a small hand-built graph (opset 17) goes through
 * canonicalize + compile, and the compiled `explain/input_signal` g = J^T r must match central differences
 * of L(x) = sum(r * f(x)), f evaluated by a plain forward session of the same hand-built graph.
 *
 * What is checked, for one seeded input x and one seeded seed vector r:
 *  - the compiled scores equal f(x);
 *  - 3 random directions d (uniform in [-1, 1] per coordinate):
 *      |g.d - (L(x + eps d) - L(x - eps d)) / (2 eps)| <= tol * |g| * |d|       (Euclidean norms);
 *  - every coordinate when x has <= 200 elements (a directional check along e_i, |e_i| = 1), with the bound
 *    taken from the largest coordinate rather than the norm so that it stays tight for larger inputs:
 *      |g_i - (L(x + eps e_i) - L(x - eps e_i)) / (2 eps)| <= tol * max_j |g_j|;
 *  - batch: the compiled graph run on 3 different inputs (and seeds) at once gives, row by row, what 3
 *    batch-1 runs give (to 1e-5 of the row's largest value).
 *
 * Tolerance: tol = 1e-3 by default. f is computed in float32 by onnxruntime, so the difference quotient
 * carries rounding noise of about sqrt(K) * |f| * 6e-8 / eps (K outputs): about 1e-5 relative at eps = 1e-2
 * for these sizes. The truncation error of central differences is eps^2 |f'''| / 6, zero for ops that are
 * linear (or quadratic) around x, about 1e-5 for Sigmoid/Tanh at eps = 1e-2. Over the op suite the largest
 * error seen is under 2% of the directional bound and under 10% of the coordinate bound, while a rule off
 * by 1% (a slope 1.01 instead of 1) fails.
 *
 * All finite-difference probes go through the forward session as one stacked batch, which keeps a case to
 * a few tens of milliseconds.
 * Piecewise-linear ops (Relu, MaxPool, Clip...) are exact under finite differences as long as no
 * perturbation crosses a kink or reorders a pooling window: `distinct` inputs are a random permutation of
 * evenly spaced values that keep a margin around the kinks. Every coordinate moves by at most eps (|d_i| <=
 * 1), so the harness asserts that the margin exceeds eps and the spacing exceeds 2 eps.
 */
import assert from 'node:assert/strict';
import { A } from '../../src/compile/builder';
import { type CompiledGraph, INPUT_SIGNAL, SCORES, compile } from '../../src/compile/compile';
import { canonicalize } from '../../src/canonicalize';
import { type Attr, type ConstTensor, type IRGraph, type IRNode, cloneGraph, floatTensor, int64Tensor } from '../../src/onnx/ir';
import { raiseOpset } from '../../src/canonicalize/raiseOpset';
import { type Runner, createRunner } from '../../src/onnx/runtime';
import { type Rng, createRng } from '../../src/util/random';

export { A };

/** Builds the small graph around the op under test: nodes and constant initializers. */
export class TestGraph {
  readonly nodes: IRNode[] = [];
  readonly inits = new Map<string, ConstTensor>();
  private count = 0;

  constructor(readonly rng: Rng) {}

  /** Adds a node with one output (or `outputs` outputs) and returns its first output's name. */
  node(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, outputs = 1): string {
    const id = this.count++;
    const names = Array.from({ length: outputs }, (_, i) => `${opType.toLowerCase()}${id}_out${i}`);
    this.nodes.push({ name: `${opType}_${id}`, opType, domain: '', inputs, outputs: names, attrs });
    return names[0];
  }

  constant(t: ConstTensor, hint = 'c'): string {
    const name = `${hint}${this.count++}`;
    this.inits.set(name, t);
    return name;
  }

  floats(values: number[], dims: number[] = [values.length]): string {
    return this.constant(floatTensor(values, dims), 'f');
  }

  int64s(values: number[], dims: number[] = [values.length]): string {
    return this.constant(int64Tensor(values, dims), 'i');
  }

  /** A constant with standard normal entries times `scale`. */
  randn(dims: number[], scale = 1): string {
    const n = dims.reduce((a, b) => a * b, 1);
    return this.constant(floatTensor(Array.from({ length: n }, () => this.rng.normal() * scale), dims), 'w');
  }

  /** A constant with entries uniform in [lo, hi). */
  uniform(dims: number[], lo: number, hi: number): string {
    const n = dims.reduce((a, b) => a * b, 1);
    return this.constant(floatTensor(Array.from({ length: n }, () => lo + (hi - lo) * this.rng.uniform()), dims), 'u');
  }
}

/** How the input values are drawn. */
export type InputKind =
  | { kind: 'normal'; scale?: number }
  | { kind: 'uniform'; lo: number; hi: number }
  /** Evenly spaced distinct values in [lo, hi], none within `margin` of a kink, randomly permuted. */
  | { kind: 'distinct'; lo?: number; hi?: number; kinks?: number[]; margin?: number };

export interface GradcheckSpec {
  /** Input dims, batch first and 1: [1, C, H, W]. */
  inputDims: number[];
  /** Adds the op under test (and any helper nodes) reading input `x`; returns the tensor that becomes the output. */
  build(g: TestGraph, x: string): string;
  input?: InputKind;
  /** Finite-difference step. Default 1e-2. */
  eps?: number;
  /** Relative tolerance, see the file comment. Default 1e-3. */
  tol?: number;
  /** Seed of every random draw (weights, input, seed vector, directions). */
  seed?: number;
  /**
   * Whether the graph keeps axis 0 as a batch axis (default true). False for graphs that move or reshape
   * it (Gemm with transA reading a reshaped input): the input is declared with a fixed 1, finite
   * differences run one input at a time and the batch > 1 check is skipped.
   */
  batched?: boolean;
  /** The graph's opset (default 17), for ops whose newer form is tested (Split's num_outputs, Reduce*'s axes input: 18). */
  opset?: number;
  /**
   * Whether the compiled graph is first brought to the engine's opset by raiseOpset (as loading does), while
   * finite differences still run the graph as built: an op converted on the way (old-opset Softmax, opset-20
   * Gelu) is checked against onnxruntime's own meaning of the original.
   */
  raise?: boolean;
}

export interface GradcheckReport {
  /** Compiled input signal for the checked input. */
  signal: Float32Array;
  /** Finite-difference gradient per coordinate, when the input is small enough to check them all. */
  fdSignal?: Float64Array;
  directionalErrors: number[];
  maxCoordinateError?: number;
}

const COORDINATE_LIMIT = 200;
const DIRECTIONS = 3;
const BATCH = 3;

export function buildGraph(spec: GradcheckSpec, rng: Rng): IRGraph {
  const g = new TestGraph(rng);
  const out = spec.build(g, 'x');
  const batched = spec.batched ?? true;
  return {
    name: 'gradcheck',
    opset: spec.opset ?? 17,
    nodes: g.nodes,
    inits: g.inits,
    inputs: [{ name: 'x', type: 'float32', dims: [batched ? 'N' : 1, ...spec.inputDims.slice(1)] }],
    outputs: [{ name: out, type: 'float32', dims: [] }],
  };
}

function drawInput(kind: InputKind, n: number, rng: Rng, eps: number): Float32Array {
  if (kind.kind === 'normal') return Float32Array.from({ length: n }, () => rng.normal() * (kind.scale ?? 1));
  if (kind.kind === 'uniform') return Float32Array.from({ length: n }, () => kind.lo + (kind.hi - kind.lo) * rng.uniform());
  const lo = kind.lo ?? -2;
  const hi = kind.hi ?? 2;
  const kinks = kind.kinks ?? [0];
  const margin = kind.margin ?? 0.1;
  assert.ok(margin > eps, `kink margin ${margin} must exceed eps ${eps}`);
  // Candidates on a grid fine enough that n of them survive the kink margins.
  const blocked = kinks.filter((k) => k > lo - margin && k < hi + margin).length * 2 * margin;
  const step = (hi - lo - blocked) / (n + kinks.length + 1);
  assert.ok(step > 2 * eps, `spacing ${step} of distinct values must exceed 2 eps = ${2 * eps}: widen [lo, hi]`);
  const values: number[] = [];
  for (let v = lo; values.length < n; v += step) {
    assert.ok(v <= hi + step, 'distinct grid ran out of values');
    if (kinks.every((k) => Math.abs(v - k) > margin)) values.push(v);
  }
  // Fisher-Yates with the seeded generator.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return Float32Array.from(values);
}

/** f for several inputs: one stacked run when the graph is batched, else one run per input. */
async function evaluate(runner: Runner, rowDims: number[], xs: Float32Array[], batched: boolean): Promise<Float32Array[]> {
  const n = xs[0].length;
  if (batched) {
    const data = new Float32Array(n * xs.length);
    xs.forEach((x, i) => data.set(x, i * n));
    const out = Object.values(await runner.run({ x: { data, dims: [xs.length, ...rowDims.slice(1)] } }))[0];
    const k = out.data.length / xs.length;
    return xs.map((_, i) => (out.data as Float32Array).slice(i * k, (i + 1) * k));
  }
  const outs: Float32Array[] = [];
  for (const x of xs) outs.push(Float32Array.from(Object.values(await runner.run({ x: { data: x, dims: rowDims } }))[0].data as Float32Array));
  return outs;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const norm = (a: ArrayLike<number>): number => Math.sqrt(dot(a, a));
const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const bound = rel * Math.max(1, maxAbs(expected));
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= bound, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (bound ${bound})`);
  }
}

function asLoaded(spec: GradcheckSpec, graph: IRGraph): IRGraph {
  if (!spec.raise) return graph;
  const raised = cloneGraph(graph);
  raiseOpset(raised);
  return raised;
}

/** Builds, canonicalizes and compiles the spec's graph (for tests that expect the compiler to refuse it). */
export async function compileSpec(spec: GradcheckSpec): Promise<CompiledGraph> {
  const graph = buildGraph(spec, createRng(spec.seed ?? 1234));
  return compile(await canonicalize({ graph: asLoaded(spec, graph), notes: [] }, spec.inputDims), { layerQuantity: 'signal' });
}

export async function gradcheck(spec: GradcheckSpec): Promise<GradcheckReport> {
  const rng = createRng(spec.seed ?? 1234);
  const eps = spec.eps ?? 1e-2;
  const tol = spec.tol ?? 1e-3;
  const batched = spec.batched ?? true;
  const dims = spec.inputDims;
  assert.equal(dims[0], 1, 'gradcheck input dims start with batch 1');
  const graph = buildGraph(spec, rng);
  const canonical = await canonicalize({ graph: asLoaded(spec, graph), notes: [] }, dims);
  const compiled = compile(canonical, { layerQuantity: 'signal' });
  const [forward, backward] = await Promise.all([createRunner(graph), createRunner(compiled.graph)]);
  try {
    const n = dims.reduce((a, b) => a * b, 1);
    const kind = spec.input ?? { kind: 'normal' };
    const x = drawInput(kind, n, rng, eps);
    const out = Object.values(await forward.run({ x: { data: x, dims } }))[0];
    const fx = out.data as Float32Array;
    // The seed is shaped like the flattened output, [rows, K]: rows is the batch unless batched is false.
    const outRows = out.dims[0] ?? 1;
    if (batched) assert.equal(outRows, 1, "the output's axis 0 is not the batch: set batched: false");
    const r = Float32Array.from({ length: fx.length }, () => rng.normal());
    const runCompiled = async (input: Float32Array, seed: Float32Array, rows: number, seedRows: number) => {
      const res = await backward.run(
        { x: { data: input, dims: [rows, ...dims.slice(1)] }, 'explain/seed': { data: seed, dims: [seedRows, seed.length / seedRows] } },
        [SCORES, INPUT_SIGNAL],
      );
      return { scores: res[SCORES].data as Float32Array, signal: res[INPUT_SIGNAL].data as Float32Array, signalDims: res[INPUT_SIGNAL].dims };
    };
    const { scores, signal, signalDims } = await runCompiled(x, r, 1, outRows);
    assert.deepEqual(signalDims, dims, 'input signal has the input shape');
    assertClose(scores, fx, 1e-5, 'compiled scores vs forward');
    assert.ok(signal.every(Number.isFinite), 'input signal is finite');

    const L = (f: Float32Array): number => dot(r, f);
    const gNorm = norm(signal);
    const gMax = maxAbs(signal);
    assert.ok(gNorm > 0, 'the input signal is all zero: the case checks nothing');

    // Directional derivatives along random directions, then every coordinate when small.
    const directions = Array.from({ length: DIRECTIONS }, () => Float32Array.from({ length: n }, () => 2 * rng.uniform() - 1));
    const coordinates = n <= COORDINATE_LIMIT;
    const probes: Float32Array[] = [];
    const shifted = (d: (i: number) => number, sign: number) => Float32Array.from(x, (v, i) => v + sign * eps * d(i));
    for (const d of directions) probes.push(shifted((i) => d[i], 1), shifted((i) => d[i], -1));
    if (coordinates) for (let j = 0; j < n; j++) probes.push(shifted((i) => (i === j ? 1 : 0), 1), shifted((i) => (i === j ? 1 : 0), -1));
    const fs = await evaluate(forward, dims, probes, batched);
    const fd = (k: number): number => (L(fs[2 * k]) - L(fs[2 * k + 1])) / (2 * eps);

    const directionalErrors = directions.map((d, k) => {
      const analytic = dot(signal, d);
      const numeric = fd(k);
      const err = Math.abs(analytic - numeric);
      const bound = tol * gNorm * norm(d);
      assert.ok(err <= bound, `direction ${k}: g.d = ${analytic}, finite difference ${numeric}, error ${err} > bound ${bound}`);
      return err;
    });

    let fdSignal: Float64Array | undefined;
    let maxCoordinateError: number | undefined;
    if (coordinates) {
      fdSignal = Float64Array.from({ length: n }, (_, j) => fd(DIRECTIONS + j));
      const bound = tol * gMax;
      maxCoordinateError = 0;
      for (let j = 0; j < n; j++) {
        const err = Math.abs(signal[j] - fdSignal[j]);
        maxCoordinateError = Math.max(maxCoordinateError, err);
        assert.ok(err <= bound, `coordinate ${j} (of ${dims.join('x')}): g = ${signal[j]}, finite difference ${fdSignal[j]}, error ${err} > bound ${bound}`);
      }
    }

    if (batched) {
      // Three different inputs and seeds in one run, each row against its own batch-1 run.
      const xs = Array.from({ length: BATCH }, () => drawInput(kind, n, rng, eps));
      const rs = Array.from({ length: BATCH }, () => Float32Array.from({ length: r.length }, () => rng.normal()));
      const stack = (parts: Float32Array[]) => {
        const stacked = new Float32Array(parts.length * parts[0].length);
        parts.forEach((p, i) => stacked.set(p, i * p.length));
        return stacked;
      };
      const all = await runCompiled(stack(xs), stack(rs), BATCH, BATCH);
      for (let b = 0; b < BATCH; b++) {
        const one = await runCompiled(xs[b], rs[b], 1, 1);
        assertClose(all.scores.subarray(b * r.length, (b + 1) * r.length), one.scores, 1e-5, `batch row ${b} scores`);
        assertClose(all.signal.subarray(b * n, (b + 1) * n), one.signal, 1e-5, `batch row ${b} input signal`);
      }
    }
    return { signal, fdSignal, directionalErrors, maxCoordinateError };
  } finally {
    await Promise.all([forward.release(), backward.release()]);
  }
}

/** gradcheck for a node:test body (which wants a Promise<void>). */
export async function check(spec: GradcheckSpec): Promise<void> {
  await gradcheck(spec);
}
