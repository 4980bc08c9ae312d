/**
 * Grad-CAM's and CAM's map in the graph, as src/methods/gradCam.ts and cam.ts make it from the exposed
 * feature map: per row, channels weighted (by the mean gradient, or by the target's row of the last linear
 * layer), summed, ReLU'd for Grad-CAM, and resized bilinearly (half-pixel centres, PyTorch's
 * align_corners=False) to the input's height and width: [N, 1, H, W].
 */
import type { GraphBuilder } from '../compile/builder';
import { A } from '../compile/builder';
import { exposedSignal } from '../compile/compile';
import { floatTensor } from '../onnx/ir';
import type { ClassMap } from './plan';
import { reduce } from './reduce';

/** `named` gives a compiled graph's tensor its name in the exported graph. */
export function classMap(b: GraphBuilder, opset: number, map: ClassMap, named: (t: string) => string, cls: string, classes: number, height: number, width: number): string {
  const { fm } = map;
  const C = fm.dims[1];
  const a = named(fm.tensor);
  const activation = fm.affine ? b.op('Sub', [a, b.constant(floatTensor(fm.affine.shift, [1, C, 1, 1]), 'shift')]) : a;
  let weights: string;
  if (map.kind === 'grad-cam') weights = reduce(b, opset, 'ReduceMean', named(exposedSignal(fm.tensor)), [2, 3], true);
  else {
    const rows = new Float32Array(classes * C);
    for (let t = 0; t < classes; t++) rows.set(map.head.row(t), t * C);
    weights = b.op('Reshape', [b.op('Gather', [b.constant(floatTensor(rows, [classes, C]), 'class_rows'), cls], { axis: A.int(0) }), b.int64s([-1, C, 1, 1])]);
  }
  const summed = reduce(b, opset, 'ReduceSum', b.op('Mul', [weights, activation]), [1], true);
  const small = map.kind === 'grad-cam' ? b.op('Relu', [summed]) : summed;
  const sizes = b.op('Concat', [b.op('Slice', [b.op('Shape', [small]), b.int64s([0]), b.int64s([2])]), b.int64s([height, width])], { axis: A.int(0) });
  const empty = b.constant(floatTensor([], [0]), 'empty');
  return b.op('Resize', [small, empty, empty, sizes], { mode: A.str('linear'), coordinate_transformation_mode: A.str('half_pixel') }, 'class_map');
}
