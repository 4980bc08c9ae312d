/**
 * Inputs with features kept or replaced by the baseline, and relevance spread back onto the features'
 * pixels: every element (all channels) of a feature's pixels carries the feature's value (Captum's
 * convention for feature masks).
 */
import type { Segmentation, TensorInput } from '../../protocol';
import type { Layout } from '../../protocol';
import { imageLayout } from '../../util/imageLayout';

export class FeatureMasker {
  /** The feature of every element of the input tensor. */
  private readonly featureOf: Int32Array;

  constructor(
    private readonly input: TensorInput,
    private readonly fill: Float32Array,
    readonly segmentation: Segmentation,
    layout: Layout,
  ) {
    const g = imageLayout(input.dims, layout);
    this.featureOf = new Int32Array(input.data.length);
    for (let p = 0; p < g.width * g.height; p++) {
      for (let c = 0; c < g.channels; c++) this.featureOf[c * g.channelStride + p * g.pixelStride] = segmentation.labels[p];
    }
  }

  get count(): number {
    return this.segmentation.count;
  }

  /** x * m + fill * (1 - m) with m the feature's value of `kept` (1 keeps it, 0 fills it, between blends). */
  apply(kept: ArrayLike<number>): Float32Array {
    const x = this.input.data;
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const m = kept[this.featureOf[i]];
      out[i] = m === 1 ? x[i] : m === 0 ? this.fill[i] : this.fill[i] + m * (x[i] - this.fill[i]);
    }
    return out;
  }

  /** The relevance map: each element gets its feature's value. */
  spread(values: ArrayLike<number>): Float32Array {
    return Float32Array.from(this.featureOf, (f) => values[f]);
  }
}
