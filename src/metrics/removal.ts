/**
 * What "removing" a pixel means: all its channels replaced by a baseline image's (blur, zero, mean, noise, made as
 * for integrated gradients), or imputed from its neighbours as ROAD does. Both keep the input's layout.
 */
import type { Preprocessing, RemovalMode, TensorInput } from '../protocol';
import { makeBaseline } from '../preprocess/baselines';
import { imageLayout } from '../util/imageLayout';
import { createRng } from '../util/random';
import { addImputationNoise, type Imputed, linearImpute } from './road';

/** ROAD's noise, as a share of each channel's spread (see road.ts). */
const ROAD_NOISE = 0.01;

export interface Removal {
  description: string;
  /** The input with the pixels where `removed` is 1 removed; `step` seeds any noise, so a curve repeats exactly. */
  apply(removed: Uint8Array, step: number): Float32Array;
}

export async function makeRemoval(mode: RemovalMode, input: TensorInput, pre: Preprocessing, seed: number): Promise<Removal> {
  const g = imageLayout(input.dims, pre.layout);
  if (mode === 'road') {
    // Without its noise, the last imputation starts the next solve: curves grow their region step by step.
    let previous: Imputed | undefined;
    return {
      description: `ROAD noisy linear imputation from the 8 neighbours, noise ${ROAD_NOISE} of each channel's spread, seed ${seed}`,
      apply(removed, step) {
        const clean = linearImpute(input.data, g, removed, previous);
        previous = { image: clean, removed };
        return addImputationNoise(Float32Array.from(clean), input.data, g, removed, { noise: ROAD_NOISE, rng: createRng(seed * 7919 + step) });
      },
    };
  }
  const baseline = await makeBaseline(mode === 'noise' ? { kind: 'noise', seed } : { kind: mode }, input, pre);
  const fill = baseline.tensor.data;
  return {
    description: baseline.description,
    apply(removed) {
      const out = Float32Array.from(input.data);
      for (let p = 0; p < removed.length; p++) {
        if (!removed[p]) continue;
        for (let c = 0; c < g.channels; c++) {
          const i = c * g.channelStride + p * g.pixelStride;
          out[i] = fill[i];
        }
      }
      return out;
    },
  };
}
