/**
 * The CAM family's maps at the layer's resolution, before the ReLU every method ends with, from a layer's
 * activation A and gradient dA ([C, hw], layerTensors.ts), each as pytorch-grad-cam writes the paper's
 * formula (jacobgil/pytorch-grad-cam 1.4; its epsilons kept, since they decide the small-gradient terms).
 */
import { topEigen } from '../../util/symmetricEigen';
import type { LayerTensors } from './layerTensors';

/** sum_k weights[k] A_k. */
export function weightedChannels(t: LayerTensors, weights: ArrayLike<number>): Float32Array {
  const { activation: A, channels: C, positions: hw } = t;
  const map = new Float32Array(hw);
  for (let c = 0; c < C; c++) for (let p = 0; p < hw; p++) map[p] += weights[c] * A[c * hw + p];
  return map;
}

function channelSums(x: Float32Array, C: number, hw: number): Float64Array {
  const sums = new Float64Array(C);
  for (let c = 0; c < C; c++) for (let p = 0; p < hw; p++) sums[c] += x[c * hw + p];
  return sums;
}

/**
 * Grad-CAM++ (Chattopadhay et al. 2018, eq. 19): with Y = exp(score) and a ReLU network (second and third
 * derivatives of the score zero), alpha = g^2 / (2 g^2 + sum_ab A_ab g^3), g = dScore/dA; the weight is
 * sum_ij alpha_ij ReLU(g_ij). exp(score) cancels in alpha and scales every weight alike, so it is dropped.
 * alpha is 0 where g is (pytorch-grad-cam's np.where), and 1e-6 keeps the denominator off zero.
 */
export function gradCamPlusPlusMap(t: LayerTensors): Float32Array {
  const { activation: A, gradient: G, channels: C, positions: hw } = t;
  const sumA = channelSums(A, C, hw);
  const weights = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    for (let p = 0; p < hw; p++) {
      const g = G[c * hw + p];
      if (g <= 0) continue;
      const g2 = g * g;
      weights[c] += g * (g2 / (2 * g2 + sumA[c] * g2 * g + 1e-6));
    }
  }
  return weightedChannels(t, weights);
}

/** LayerCAM (Jiang et al. 2021): every position's activation weighted by its own positive gradient, sum_k ReLU(g_k) A_k. */
export function layerCamMap(t: LayerTensors): Float32Array {
  const { activation: A, gradient: G, channels: C, positions: hw } = t;
  const map = new Float32Array(hw);
  for (let c = 0; c < C; c++) for (let p = 0; p < hw; p++) map[p] += Math.max(G[c * hw + p], 0) * A[c * hw + p];
  return map;
}

/** XGrad-CAM (Fu et al. 2020): weights sum_ij g_ij A_ij / (sum_ij A_ij + 1e-7), the activation-normalized gradient. */
export function xGradCamMap(t: LayerTensors): Float32Array {
  const { activation: A, gradient: G, channels: C, positions: hw } = t;
  const sumA = channelSums(A, C, hw);
  const weights = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let p = 0; p < hw; p++) s += G[c * hw + p] * A[c * hw + p];
    weights[c] = s / (sumA[c] + 1e-7);
  }
  return weightedChannels(t, weights);
}

/**
 * Eigen-CAM (Muhammad & Yeasin 2020): the positions' activation vectors, centered over the positions (as
 * pytorch-grad-cam's get_2d_projection), projected on their first principal direction v: map = M v, M the
 * centered [hw, C] matrix. The SVD leaves v's sign open (pytorch-grad-cam does not fix it); we take sum(v)
 * >= 0, so that positions with more total activation project higher. Found from the smaller Gram matrix:
 * M^T M (C x C) gives v; M M^T (hw x hw) gives u = M v / s, and M v = s u.
 */
export function eigenCamMap(t: LayerTensors): Float32Array {
  const { activation: A, channels: C, positions: hw } = t;
  const M = new Float64Array(hw * C); // [hw, C]
  for (let c = 0; c < C; c++) {
    let mean = 0;
    for (let p = 0; p < hw; p++) mean += A[c * hw + p];
    mean /= hw;
    for (let p = 0; p < hw; p++) M[p * C + c] = A[c * hw + p] - mean;
  }
  const map = new Float32Array(hw);
  if (C <= hw) {
    const gram = new Float64Array(C * C);
    for (let p = 0; p < hw; p++) for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) gram[i * C + j] += M[p * C + i] * M[p * C + j];
    const { vector: v } = topEigen(gram, C);
    const sign = v.reduce((a, b) => a + b, 0) >= 0 ? 1 : -1;
    for (let p = 0; p < hw; p++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += M[p * C + c] * v[c];
      map[p] = sign * s;
    }
    return map;
  }
  const gram = new Float64Array(hw * hw);
  for (let p = 0; p < hw; p++) {
    for (let q = p; q < hw; q++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += M[p * C + c] * M[q * C + c];
      gram[p * hw + q] = gram[q * hw + p] = s;
    }
  }
  const { value, vector: u } = topEigen(gram, hw);
  // sum(v) = sum_c (M^T u)_c / s: the sign of sum_p u_p * (row sum of M at p).
  let direction = 0;
  for (let p = 0; p < hw; p++) for (let c = 0; c < C; c++) direction += u[p] * M[p * C + c];
  const s = Math.sqrt(Math.max(value, 0)) * (direction >= 0 ? 1 : -1);
  for (let p = 0; p < hw; p++) map[p] = s * u[p];
  return map;
}

/** Score-CAM's weights: the softmax over channels of the target's score with each channel's mask applied. */
export function softmax(scores: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
  const e = Float64Array.from({ length: scores.length }, (_, i) => Math.exp(scores[i] - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}
