/**
 * Models of opsets 19 and 20 (newer exporters) are brought down to 18, the newest opset the engine's rules
 * are written against. Across 19-20 most ops only gained element types (float8, strings); the few whose
 * meaning changed are converted or refused here, one entry per op. Gelu (new in 20) becomes its definition in
 * Erf or Tanh, ops the backward table has, and keeps its output name.
 */
import { ExplainError } from '../errors';
import { type IRGraph, type IRNode, attrString, floatTensor } from '../onnx/ir';

export const LOWERED_TO = 18;

type Lowering = (n: IRNode, g: IRGraph, fresh: (hint: string) => string) => void;

const refuse = (why: string): Lowering => (n) => {
  throw new ExplainError('UNSUPPORTED_OP', `${n.opType} (node ${n.name}) ${why}; the engine supports it up to opset ${LOWERED_TO}.`);
};

const LOWERINGS: Record<string, Lowering> = {
  Gelu: geluDefinition,
  // saturate (19) only concerns float8 targets, which the engine does not compute in.
  Cast: (n) => void delete n.attrs.saturate,
  CastLike: (n) => void delete n.attrs.saturate,
  AveragePool(n, g, fresh) {
    const d = n.attrs.dilations;
    if (d && d.type === 'ints' && d.value.some((v) => v !== 1)) refuse('has dilations (opset 19)')(n, g, fresh);
    delete n.attrs.dilations;
  },
  Pad(n, g, fresh) {
    if (attrString(n, 'mode', 'constant') === 'wrap') refuse('pads in wrap mode (opset 19)')(n, g, fresh);
  },
  Resize(n, g, fresh) {
    if (attrString(n, 'coordinate_transformation_mode', 'half_pixel') === 'half_pixel_symmetric') refuse('uses half_pixel_symmetric coordinates (opset 19)')(n, g, fresh);
  },
  ...Object.fromEntries(['DFT', 'GridSample', 'AffineGrid', 'ImageDecoder', 'DeformConv'].map((op) => [op, refuse('changed or appeared at opset 19-20')])),
};

export function lowerOpset(g: IRGraph): string {
  const from = g.opset;
  let counter = 0;
  const fresh = (hint: string) => `${hint}__opset${LOWERED_TO}_${counter++}`;
  for (const n of [...g.nodes]) if (n.domain === '' && LOWERINGS[n.opType]) LOWERINGS[n.opType](n, g, fresh);
  g.opset = LOWERED_TO;
  return `Brought from opset ${from} down to ${LOWERED_TO}.`;
}

/**
 * Gelu(x) = x/2 (1 + erf(x / sqrt 2)), or with approximate="tanh" x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))),
 * in place of the node; the last Mul keeps the node's name and output.
 */
function geluDefinition(n: IRNode, g: IRGraph, fresh: (hint: string) => string): void {
  const tanh = attrString(n, 'approximate', 'none') === 'tanh';
  if (!tanh && attrString(n, 'approximate', 'none') !== 'none') {
    throw new ExplainError('UNSUPPORTED_OP', `Gelu (node ${n.name}) has approximate="${attrString(n, 'approximate', '')}"; ONNX defines none and tanh.`);
  }
  const x = n.inputs[0];
  const nodes: IRNode[] = [];
  const constant = (v: number) => {
    const name = fresh(`${n.name}_c`);
    g.inits.set(name, floatTensor([v], []));
    return name;
  };
  const op = (opType: string, inputs: string[], output = fresh(`${n.name}_${opType}`), name = fresh(`${n.name}_${opType}_node`)) => {
    nodes.push({ name, opType, domain: '', inputs, outputs: [output], attrs: {} });
    return output;
  };
  const inner = tanh
    ? op('Tanh', [op('Mul', [op('Add', [x, op('Mul', [op('Mul', [op('Mul', [x, x]), x]), constant(0.044715)])]), constant(Math.sqrt(2 / Math.PI))])])
    : op('Erf', [op('Mul', [x, constant(Math.SQRT1_2)])]);
  const half = op('Mul', [x, constant(0.5)]);
  op('Mul', [half, op('Add', [inner, constant(1)])], n.outputs[0], n.name);
  g.nodes.splice(g.nodes.indexOf(n), 1, ...nodes);
}
