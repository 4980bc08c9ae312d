/**
 * The requested layer's activation A and gradient dA as [C, h*w] arrays, for the class activation methods
 * whose formula is not linear in A (Grad-CAM++, LayerCAM, XGrad-CAM, Score-CAM, Eigen-CAM): a token map's
 * patch tokens are transposed to channels first, and a tensor that canonicalization folded away is
 * recovered from the folded one, A = (A_folded - shift) / scale and dA = dA_folded * scale (featureMap.ts).
 */
import { ExplainError } from '../../errors';
import { type FeatureMap, tokensToChannels } from './featureMap';

export interface LayerTensors {
  /** [C, hw], channel k's map at k * hw. */
  activation: Float32Array;
  /** dScore/dA, same layout; zeros when the pass did not carry it (Eigen-CAM, Score-CAM read only A). */
  gradient: Float32Array;
  channels: number;
  positions: number;
}

export function layerTensors(fm: FeatureMap, signal: Float32Array, activation: Float32Array): LayerTensors {
  const [, C, h, w] = fm.dims;
  const hw = h * w;
  const [A, G] = fm.tokens
    ? [tokensToChannels(activation, fm.tokens.skip, hw, C), tokensToChannels(signal, fm.tokens.skip, hw, C)]
    : [Float32Array.from(activation), Float32Array.from(signal)];
  if (fm.affine) {
    const { scale, shift } = fm.affine;
    for (let c = 0; c < C; c++) {
      if (scale[c] === 0) {
        throw new ExplainError('BAD_ARGUMENT', `Layer "${fm.name}" cannot be recovered from "${fm.tensor}": channel ${c}'s folded scale is 0 (a BatchNormalization weight of 0). Name "${fm.tensor}" as the layer.`);
      }
      for (let p = 0; p < hw; p++) {
        A[c * hw + p] = (A[c * hw + p] - shift[c]) / scale[c];
        G[c * hw + p] *= scale[c];
      }
    }
  }
  return { activation: A, gradient: G, channels: C, positions: hw };
}
