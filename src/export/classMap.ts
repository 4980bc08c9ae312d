/**
 * Grad-CAM's and CAM's map in the graph, as src/methods/gradCam.ts and cam.ts make it from the exposed
 * feature map: per row, channels weighted (by the mean gradient, or by the target's row of the last linear
 * layer), summed, ReLU'd for Grad-CAM, and resized bilinearly (half-pixel centres, PyTorch's
 * align_corners=False) to the input's height and width: [N, 1, H, W]. The resize is the engine's own
 * (src/render/resizeBilinear.ts) as two float64 matrix products, rows then columns in its order, rather than
 * onnxruntime's float32 Resize.
 */
import type { GraphBuilder } from '../compile/builder';
import { A } from '../compile/builder';
import { exposedSignal } from '../compile/compile';
import { type ConstTensor, floatTensor } from '../onnx/ir';
import { samplePositions } from '../render/resizeBilinear';
import type { ClassMap } from './plan';
import { reduce } from './reduce';
import { toDouble, toFloat } from './rows';

/** `named` gives a compiled graph's tensor its name in the exported graph. */
export function classMap(b: GraphBuilder, opset: number, map: ClassMap, named: (t: string) => string, cls: string, classes: number, height: number, width: number): string {
  const { fm } = map;
  const C = fm.dims[1];
  // The weighted sum in float64, as the engine's JavaScript forms it (float32 rounding of the map only at the end).
  const a = toDouble(b, named(fm.tensor));
  const activation = fm.affine ? b.op('Sub', [a, toDouble(b, b.constant(floatTensor(fm.affine.shift, [1, C, 1, 1]), 'shift'))]) : a;
  let weights: string;
  if (map.kind === 'grad-cam') weights = reduce(b, opset, 'ReduceMean', toDouble(b, named(exposedSignal(fm.tensor))), [2, 3], true);
  else {
    const rows = new Float32Array(classes * C);
    for (let t = 0; t < classes; t++) rows.set(map.head.row(t), t * C);
    weights = toDouble(b, b.op('Reshape', [b.op('Gather', [b.constant(floatTensor(rows, [classes, C]), 'class_rows'), cls], { axis: A.int(0) }), b.int64s([-1, C, 1, 1])]));
  }
  const summed = toFloat(b, reduce(b, opset, 'ReduceSum', b.op('Mul', [weights, activation]), [1], true));
  const small = map.kind === 'grad-cam' ? b.op('Relu', [summed]) : summed;
  const [, , h, w] = fm.dims;
  const alongRows = b.op('MatMul', [toDouble(b, small), b.constant(interpolation(w, width, true), 'resize_columns')]);
  return toFloat(b, b.op('MatMul', [b.constant(interpolation(h, height, false), 'resize_rows'), alongRows], {}, 'class_map'));
}

/** The bilinear weights from `from` samples to `to` as a float64 matrix: [from, to] (right factor) or [to, from]. */
function interpolation(from: number, to: number, right: boolean): ConstTensor {
  const m = new Float64Array(from * to);
  const at = (src: number, dst: number) => (right ? src * to + dst : dst * from + src);
  samplePositions(from, to).forEach(({ low, high, weight }, i) => {
    m[at(low, i)] += 1 - weight;
    m[at(high, i)] += weight;
  });
  return { type: 'float64', dims: right ? [from, to] : [to, from], data: m };
}
