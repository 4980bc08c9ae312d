/**
 * Runs many inputs through a compiled session in chunks (bounded memory: batching barely speeds up CPU
 * inference, while a large batch multiplies peak memory) and accumulates the method's weighted sums.
 */
import { INPUT_SIGNAL, LAYER_MAP, SCORES, SEED, exposedSignal } from '../compile/compile';
import type { WeightedPass } from '../methods/method';
import type { CompiledSession } from './modelSessions';

export interface RunOptions {
  target: number;
  inputDims: number[];
  chunk: number;
  onChunk?: (done: number, total: number) => void;
  /** Throws to stop (cancellation); called before every run. */
  checkpoint?: () => void;
  /** Sees every pass's own signal at the input (PassOptions.onSignal). */
  onSignal?: (i: number, signal: Float32Array) => void;
}

export async function weightedRun(
  s: CompiledSession,
  count: number,
  sample: (i: number) => Float32Array,
  weight: (i: number) => number,
  opts: RunOptions,
): Promise<WeightedPass> {
  const { compiled, runner } = s;
  const size = opts.inputDims.slice(1).reduce((a, b) => a * b, 1);
  const K = compiled.classes;
  // A single pass of weight 1 (every single-backward method) keeps onnxruntime's output as it is: no 600 kB
  // copy in and accumulation out per run on a 224x224 image.
  const single = count === 1 && weight(0) === 1;
  let signal: Float32Array | undefined = single ? undefined : new Float32Array(size);
  const layers = compiled.layers.map((l) => ({ neurons: new Float32Array(l.shape[1] ?? 1) }));
  const scores: number[] = [];
  const exposed: WeightedPass['exposed'] = new Map();
  let layerMap: Float32Array | undefined;
  // One batch buffer for every full chunk: a fresh 1.2 MB array per run (chunk 2, 224x224) cost its page faults.
  let batch: Float32Array | undefined;
  for (let start = 0; start < count; start += opts.chunk) {
    opts.checkpoint?.();
    const n = Math.min(opts.chunk, count - start);
    const x = n === 1 ? sample(start) : n === opts.chunk ? (batch ??= new Float32Array(n * size)) : new Float32Array(n * size);
    const seed = new Float32Array(n * K);
    for (let j = 0; j < n; j++) {
      if (n > 1) x.set(sample(start + j), j * size);
      seed[j * K + opts.target] = 1;
    }
    const out = await runner.run({
      [compiled.inputName]: { data: x, dims: [n, ...opts.inputDims.slice(1)] },
      [SEED]: { data: seed, dims: [n, K] },
    });
    // Absent when the graph stops above the input (CompileOptions.stopAt): the signal stays zero.
    const sig = out[INPUT_SIGNAL]?.data as Float32Array | undefined;
    const sc = out[SCORES].data as Float32Array;
    for (const t of compiled.exposed) {
      const sig = out[exposedSignal(t)];
      const act = out[t];
      const per = sig.data.length / n;
      let acc = exposed.get(t);
      if (single) {
        exposed.set(t, { signal: sig.data as Float32Array, activation: act.data as Float32Array, dims: [1, ...sig.dims.slice(1)] });
        continue;
      }
      if (!acc) {
        acc = { signal: new Float32Array(per), activation: (act.data as Float32Array).slice(0, per), dims: [1, ...sig.dims.slice(1)] };
        exposed.set(t, acc);
      }
      for (let j = 0; j < n; j++) addScaled(acc.signal, sig.data as Float32Array, j * per, weight(start + j));
    }
    if (compiled.layerMap !== undefined) {
      // Weighted per pass like the layer's `neurons`, so the map's channel sums stay equal to them.
      const data = out[LAYER_MAP].data as Float32Array;
      const per = data.length / n;
      const acc = (layerMap ??= new Float32Array(per));
      for (let j = 0; j < n; j++) addScaled(acc, data, j * per, weight(start + j));
    }
    for (let j = 0; j < n; j++) {
      const w = weight(start + j);
      scores.push(sc[j * K + opts.target]);
      if (sig && opts.onSignal) opts.onSignal(start + j, sig.subarray(j * size, (j + 1) * size));
      if (sig && single) signal = sig;
      else if (sig && signal) addScaled(signal, sig, j * size, w);
      compiled.layers.forEach((l, k) => {
        const neurons = out[l.neurons].data as Float32Array;
        addScaled(layers[k].neurons, neurons, (j * neurons.length) / n, w);
      });
    }
    opts.onChunk?.(start + n, count);
  }
  return { signal: signal ?? new Float32Array(size), layers, scores, exposed, layerMap };
}

/** acc += w * src[offset .. offset + acc.length). One small function V8 optimizes on its own: the same loops inlined in weightedRun ran ~3x slower (IG(32) on ResNet-18: 42 -> 15 ms of JS). */
function addScaled(acc: Float32Array, src: Float32Array, offset: number, w: number): void {
  for (let i = 0; i < acc.length; i++) acc[i] += w * src[offset + i];
}
