/**
 * Runs many inputs through a compiled session in chunks (bounded memory: batching barely speeds up CPU
 * inference, while a large batch multiplies peak memory) and accumulates the method's weighted sums.
 */
import { INPUT_SIGNAL, SCORES, SEED } from '../compile/compile';
import type { WeightedPass } from '../methods/method';
import type { CompiledSession } from './modelSessions';

export interface RunOptions {
  target: number;
  inputDims: number[];
  chunk: number;
  onChunk?: (done: number, total: number) => void;
  /** Throws to stop (cancellation); called before every run. */
  checkpoint?: () => void;
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
  const signal = new Float32Array(size);
  const layers = compiled.layers.map((l) => ({ neurons: new Float32Array(l.shape[1] ?? 1) }));
  const scores: number[] = [];
  for (let start = 0; start < count; start += opts.chunk) {
    opts.checkpoint?.();
    const n = Math.min(opts.chunk, count - start);
    const x = new Float32Array(n * size);
    const seed = new Float32Array(n * K);
    for (let j = 0; j < n; j++) {
      x.set(sample(start + j), j * size);
      seed[j * K + opts.target] = 1;
    }
    const out = await runner.run({
      [compiled.inputName]: { data: x, dims: [n, ...opts.inputDims.slice(1)] },
      [SEED]: { data: seed, dims: [n, K] },
    });
    const sig = out[INPUT_SIGNAL].data as Float32Array;
    const sc = out[SCORES].data as Float32Array;
    for (let j = 0; j < n; j++) {
      const w = weight(start + j);
      scores.push(sc[j * K + opts.target]);
      for (let i = 0; i < size; i++) signal[i] += w * sig[j * size + i];
      compiled.layers.forEach((l, k) => {
        const neurons = out[l.neurons].data as Float32Array;
        const per = neurons.length / n;
        const acc = layers[k];
        for (let c = 0; c < per; c++) acc.neurons[c] += w * neurons[j * per + c];
      });
    }
    opts.onChunk?.(start + n, count);
  }
  return { signal, layers, scores };
}
