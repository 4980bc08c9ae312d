/**
 * One neuron's own relevance map: its channel of a layer's map (ExplainResult.layerMap, [C, h, w]), at the
 * layer's resolution (what an export saves) or resampled to the picture's size (what is drawn over the image,
 * like the input relevance). Pure, for unit tests; the host's exporter uses it too.
 */
import type { ScalarMap } from '../../src/render/colormap';
import { resizeBilinear } from '../../src/render/resizeBilinear';

/** Whether a layer's neurons have maps to show: channels of a feature map [1, C, h, w], not units of a vector. */
export function hasNeuronMaps(shape: readonly number[]): boolean {
  return shape.length === 4;
}

/** Channel `channel` of a [C, h, w] map, at its own h x w (a copy: the layer map is left as it is). */
export function neuronChannel(map: { data: Float32Array; dims: readonly number[] }, channel: number): ScalarMap {
  const [channels, h, w] = map.dims;
  if (map.dims.length !== 3 || map.data.length !== channels * h * w) throw new Error(`A layer map has dims [C, h, w], not [${map.dims.join(', ')}].`);
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) throw new Error(`Neuron ${channel} is not one of the layer's ${channels}.`);
  return { data: map.data.slice(channel * h * w, (channel + 1) * h * w), width: w, height: h };
}

/** The channel upsampled bilinearly (align_corners=false, like Grad-CAM) to width x height. */
export function neuronMap(map: { data: Float32Array; dims: readonly number[] }, channel: number, width: number, height: number): ScalarMap {
  const own = neuronChannel(map, channel);
  return own.width === width && own.height === height ? own : resizeBilinear(own, width, height);
}
