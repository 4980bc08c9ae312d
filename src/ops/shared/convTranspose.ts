/**
 * The adjoint of a strided window op (Conv, AveragePool): a ConvTranspose whose end pads and
 * output_padding are chosen so the result has exactly the forward input's spatial size, including the
 * rows and columns that no window reached (their signal is zero).
 */
import { A } from '../../compile/builder';
import type { BackwardContext } from '../rule';
import type { WindowGeometry } from './geometry';

export function convTransposeTo(
  ctx: BackwardContext,
  grad: string,
  weight: string,
  geom: WindowGeometry,
  group: number,
  inputSpatial: number[],
  outputSpatial: number[],
): string {
  const d = inputSpatial.length;
  const pads = [...geom.pads];
  const outputPadding = Array(d).fill(0);
  for (let i = 0; i < d; i++) {
    const full = geom.strides[i] * (outputSpatial[i] - 1) + geom.dilations[i] * (geom.kernel[i] - 1) + 1;
    const end = full - pads[i] - inputSpatial[i];
    if (end >= 0) pads[i + d] = end;
    else {
      pads[i + d] = 0;
      outputPadding[i] = -end;
    }
  }
  return ctx.b.op('ConvTranspose', [grad, weight], {
    strides: A.ints(geom.strides),
    dilations: A.ints(geom.dilations),
    pads: A.ints(pads),
    output_padding: A.ints(outputPadding),
    group: A.int(group),
    kernel_shape: A.ints(geom.kernel),
  });
}
