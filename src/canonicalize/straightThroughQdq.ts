/**
 * QDQ-quantized models (onnxruntime's quantizer in its QDQ format): every QuantizeLinear -> DequantizeLinear
 * pair on the image's path becomes the same fake quantization in float ops, Clip(Round(x / s), qmin - z,
 * qmax - z) * s, so the forward is the model's own (quantized to the same grid) and the backward follows the
 * straight-through convention of quantization-aware training: Round passes its signal unchanged (ops/Round.ts)
 * and Clip stops it where the pair saturates, so the pair's backward is the identity within its clip range and
 * 0 outside it (PyTorch's FakeQuantize backward). Weights behind a DequantizeLinear are constants, evaluated
 * to floats by foldConstants before this pass. Integer-only ops (the QOperator format: QLinearConv...) have no
 * float computation to follow and are refused by name.
 */
import { ExplainError } from '../errors';
import { type ConstTensor, type IRGraph, type IRNode, attrInt, consumers, floatTensor, tensorToNumbers } from '../onnx/ir';
import { forwardReachable } from './reach';

/** The QOperator format's integer ops (ai.onnx and onnxruntime's com.microsoft contrib ops). */
const INTEGER_ONLY = new Set([
  'QLinearConv', 'QLinearMatMul', 'ConvInteger', 'MatMulInteger', 'QLinearAdd', 'QLinearMul', 'QLinearSigmoid',
  'QLinearLeakyRelu', 'QLinearAveragePool', 'QLinearGlobalAveragePool', 'QLinearConcat', 'QLinearSoftmax', 'QGemm',
  'QLinearReduceMean', 'DynamicQuantizeLinear', 'DynamicQuantizeMatMul', 'MatMulIntegerToFloat',
]);

const RANGES: Record<string, [number, number]> = { uint8: [0, 255], int8: [-128, 127] };

export const STRAIGHT_THROUGH_NOTE = (pairs: number) =>
  `Explained through ${pairs} QuantizeLinear/DequantizeLinear pair(s) with the straight-through rule: each pair's forward is the model's quantization, its backward the identity within its clip range and 0 where it saturates.`;

export function straightThroughQdq(g: IRGraph, label: string): string | undefined {
  const reach = forwardReachable(g);
  const integer = g.nodes.find((n) => INTEGER_ONLY.has(n.opType) && n.inputs.some((i) => reach.has(i)));
  if (integer) {
    throw new ExplainError(
      'UNSUPPORTED_OP',
      `${label}: node "${integer.name}" is ${integer.opType}, an integer-only op of the QOperator quantization format: ` +
        'its integer arithmetic has no float computation whose gradient could be followed. Quantize the model in the QDQ format ' +
        '(onnxruntime quantize_static(..., quant_format=QuantFormat.QDQ)), which Explain passes with the straight-through rule, or explain the float model.',
    );
  }
  const readers = consumers(g);
  const replaced = new Map<IRNode, IRNode[]>();
  let pairs = 0;
  for (const q of g.nodes) {
    if (q.opType !== 'QuantizeLinear' || q.domain !== '' || !reach.has(q.inputs[0])) continue;
    const quant = params(g, q, label);
    const next = readers.get(q.outputs[0]) ?? [];
    const stray = next.find((d) => d.opType !== 'DequantizeLinear' || d.domain !== '' || !sameParams(quant, params(g, d, label)));
    if (stray || next.length === 0 || g.outputs.some((o) => o.name === q.outputs[0])) {
      throw new ExplainError(
        'UNSUPPORTED_OP',
        `${label}: QuantizeLinear "${q.name}" is ${stray ? `read by ${stray.opType} "${stray.name}"` : 'not followed by a DequantizeLinear'}; ` +
          'only QuantizeLinear/DequantizeLinear pairs with one scale and zero point are explained (straight-through).',
      );
    }
    replaced.set(q, []);
    for (const d of next) {
      replaced.set(d, fakeQuantize(g, q.inputs[0], d, quant));
      pairs++;
    }
  }
  const stray = g.nodes.find((n) => n.opType === 'DequantizeLinear' && !replaced.has(n) && reach.has(n.inputs[0]));
  if (stray) {
    throw new ExplainError(
      'UNSUPPORTED_OP',
      `${label}: DequantizeLinear "${stray.name}" reads the integer tensor "${stray.inputs[0]}", which no QuantizeLinear of a float tensor made; only QuantizeLinear/DequantizeLinear pairs are explained.`,
    );
  }
  if (pairs === 0) return undefined;
  g.nodes = g.nodes.flatMap((n) => replaced.get(n) ?? [n]);
  return STRAIGHT_THROUGH_NOTE(pairs);
}

interface QuantParams {
  scale: number;
  zero: number;
  type: string;
}

function params(g: IRGraph, n: IRNode, label: string): QuantParams {
  const scale = g.inits.get(n.inputs[1]);
  const zero: ConstTensor | undefined = n.inputs[2] ? g.inits.get(n.inputs[2]) : undefined;
  if (!scale || (n.inputs[2] && !zero)) {
    throw new ExplainError('UNSUPPORTED_OP', `${label}: ${n.opType} "${n.name}" computes its scale or zero point from the image; they must be constants.`);
  }
  const scales = tensorToNumbers(scale);
  const zeros = zero ? tensorToNumbers(zero) : [0];
  if (scales.length !== 1 || zeros.length !== 1) {
    throw new ExplainError(
      'UNSUPPORTED_OP',
      `${label}: ${n.opType} "${n.name}" quantizes an activation per channel (axis ${attrInt(n, 'axis', 1)}); only per-tensor quantization of activations is explained.`,
    );
  }
  return { scale: scales[0], zero: zeros[0], type: zero?.type ?? 'uint8' };
}

function sameParams(a: QuantParams, b: QuantParams): boolean {
  return a.scale === b.scale && a.zero === b.zero && a.type === b.type;
}

/** Clip(Round(x / s), qmin - z, qmax - z) * s, its last output named as the DequantizeLinear's. */
function fakeQuantize(g: IRGraph, x: string, d: IRNode, p: QuantParams): IRNode[] {
  const range = RANGES[p.type];
  if (!range) throw new ExplainError('UNSUPPORTED_OP', `DequantizeLinear "${d.name}" reads ${p.type} values; uint8 and int8 pairs are explained.`);
  const at = `${d.name}/straight_through`;
  const constant = (name: string, v: number) => (g.inits.set(`${at}/${name}`, floatTensor([v], [])), `${at}/${name}`);
  const node = (opType: string, inputs: string[], output: string): IRNode => ({ name: `${at}/${opType}`, opType, domain: '', inputs, outputs: [output], attrs: {} });
  const scale = constant('scale', p.scale);
  return [
    node('Div', [x, scale], `${at}/scaled`),
    node('Round', [`${at}/scaled`], `${at}/rounded`),
    node('Clip', [`${at}/rounded`, constant('low', range[0] - p.zero), constant('high', range[1] - p.zero)], `${at}/clipped`),
    node('Mul', [`${at}/clipped`, scale], d.outputs[0]),
  ];
}
