/**
 * Weights of one convolution that does the work of several: parts of an LRP rule read the layer's inputs
 * stacked along channels (x+ and x- of a signed input), and the adjoint of a block layer sends every group's
 * signal to every input at once. Fewer, larger convolutions: a strided layer's phases are interleaved once,
 * not once per part (ResNet-18 alpha-beta 4% faster, z+ 1-2%).
 */
import { type ConstTensor, floatTensor } from '../../onnx/ir';

/**
 * Conv weights [R*M, S*C, k, k] whose block (row, col) is the sum of coef * values over the blocks given (each
 * [M, C, k, k]): a layer from S stacked inputs to R stacked outputs. One row of blocks is a layer over inputs
 * stacked along channels; its adjoint (the Conv backward of such weights) sends R stacked signals to the S
 * inputs at once. Blocks not given are zero.
 */
export function blockWeights(rows: number, cols: number, blocks: { row: number; col: number; values: ConstTensor; coef: number }[]): ConstTensor {
  const [M, C, ...k] = blocks[0].values.dims;
  const K = k.reduce((a, v) => a * v, 1);
  const out = new Float32Array(rows * M * cols * C * K);
  for (const { row, col, values, coef } of blocks) {
    const src = values.data as Float32Array;
    for (let m = 0; m < M; m++) {
      // One output channel's weights for all C inputs are contiguous in both layouts.
      const from = m * C * K;
      const to = ((row * M + m) * cols + col) * C * K;
      for (let i = 0; i < C * K; i++) out[to + i] += coef * src[from + i];
    }
  }
  return floatTensor(out, [rows * M, cols * C, ...k]);
}
