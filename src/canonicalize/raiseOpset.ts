/**
 * The compiled backward needs opset 16 (ScatterElements with reduction="add" for overlapping max-pools).
 * Models from opset 7 on are raised to one common opset; each op whose definition changed on the way is
 * converted explicitly here, one function per op, so nothing changes meaning silently. Opsets 17 and 18 stay;
 * 19 and 20 are brought down to 18 (lowerOpset.ts).
 */
import { ExplainError } from '../errors';
import { LOWERED_TO, lowerOpset } from './lowerOpset';
import { type ConstTensor, type IRGraph, type IRNode, floatTensor, int64Tensor } from '../onnx/ir';

export const TARGET_OPSET = 17;
export const MIN_OPSET = 7;
export const MAX_OPSET = 20;

type Converter = (n: IRNode, g: IRGraph, fresh: (hint: string) => string) => void;

/** Attribute -> input conversions, keyed by op type; each applies to models older than `before`. */
const CONVERSIONS: { op: string; before: number; convert: Converter }[] = [
  {
    op: 'Clip',
    before: 11,
    convert(n, g, fresh) {
      const bound = (attr: string) => {
        const a = n.attrs[attr];
        delete n.attrs[attr];
        if (!a || a.type !== 'float') return '';
        const name = fresh(`${n.name}_${attr}`);
        g.inits.set(name, floatTensor([a.value], []));
        return name;
      };
      n.inputs = [n.inputs[0], bound('min'), bound('max')];
      while (n.inputs[n.inputs.length - 1] === '') n.inputs.pop();
    },
  },
  {
    op: 'Pad',
    before: 11,
    convert(n, g, fresh) {
      const pads = n.attrs.pads?.type === 'ints' ? n.attrs.pads.value : [];
      const value = n.attrs.value?.type === 'float' ? n.attrs.value.value : 0;
      delete n.attrs.pads;
      delete n.attrs.value;
      const p = fresh(`${n.name}_pads`);
      const v = fresh(`${n.name}_value`);
      g.inits.set(p, int64Tensor(pads));
      g.inits.set(v, floatTensor([value], []));
      n.inputs = [n.inputs[0], p, v];
    },
  },
  {
    op: 'Slice',
    before: 10,
    convert(n, g, fresh) {
      // Slice-1 took starts/ends/axes as attributes. Its "to the end" ends (INT64_MAX) no longer fit a double
      // exactly; any bound beyond 2^53 is clamped by Slice anyway.
      const ints = (attr: string) => {
        const a = n.attrs[attr];
        delete n.attrs[attr];
        if (!a || a.type !== 'ints') return undefined;
        const name = fresh(`${n.name}_${attr}`);
        g.inits.set(name, int64Tensor(a.value.map((v) => Math.max(-(2 ** 53), Math.min(2 ** 53, v)))));
        return name;
      };
      const starts = ints('starts');
      const ends = ints('ends');
      const axes = ints('axes');
      if (!starts || !ends) throw new ExplainError('UNSUPPORTED_MODEL', `Slice (node ${n.name}) lacks its starts or ends attribute.`);
      n.inputs = [n.inputs[0], starts, ends, ...(axes ? [axes] : [])];
    },
  },
  {
    op: 'Split',
    before: 13,
    convert(n, g, fresh) {
      const split = n.attrs.split?.type === 'ints' ? n.attrs.split.value : undefined;
      delete n.attrs.split;
      if (!split) return;
      const name = fresh(`${n.name}_split`);
      g.inits.set(name, int64Tensor(split));
      n.inputs = [n.inputs[0], name];
    },
  },
  ...['Squeeze', 'Unsqueeze', 'ReduceSum'].map((op) => ({
    op,
    before: 13,
    convert(n: IRNode, g: IRGraph, fresh: (hint: string) => string) {
      const axes = n.attrs.axes?.type === 'ints' ? n.attrs.axes.value : undefined;
      delete n.attrs.axes;
      if (!axes) return;
      const name = fresh(`${n.name}_axes`);
      g.inits.set(name, int64Tensor(axes));
      n.inputs = [n.inputs[0], name];
    },
  })),
  {
    op: 'BatchNormalization',
    before: 9,
    convert(n) {
      // Opset 7's `spatial` (always 1 in practice) and older bookkeeping attributes no longer exist.
      delete n.attrs.spatial;
      delete n.attrs.is_test;
      delete n.attrs.consumed_inputs;
    },
  },
  ...['Softmax', 'LogSoftmax'].map((op) => ({
    op,
    before: 13,
    convert: flattenedSoftmax,
  })),
  ...['Upsample', 'Resize'].map((op) => ({
    op,
    before: 10 + Number(op === 'Resize'),
    convert: upsampleAsResize,
  })),
  ...['Scan', 'If', 'Loop'].map((op) => ({
    op,
    before: TARGET_OPSET,
    convert(n: IRNode) {
      throw new ExplainError('UNSUPPORTED_OP', `${op} (node ${n.name}) changed meaning across opsets and is not supported by the engine.`);
    },
  })),
];

/**
 * Before opset 13, Softmax and LogSoftmax (default axis 1) normalized over the input flattened to 2-D at
 * `axis`: [d0..d(axis-1), d(axis)..]; from 13 over the one axis (default -1). The old meaning, exactly, as
 * Flatten -> the op over the last axis -> Reshape to the input's shape (ranks are not known yet here). An
 * explicit axis -1 means the same in both, and marks a node already converted (the loop visits the new ones).
 */
function flattenedSoftmax(n: IRNode, g: IRGraph, fresh: (hint: string) => string): void {
  const axis = n.attrs.axis?.type === 'int' ? n.attrs.axis.value : 1;
  if (axis === -1) return;
  const x = n.inputs[0];
  const y = n.outputs[0];
  const flat = fresh(`${n.name}_flat`);
  const normalized = fresh(`${n.name}_2d`);
  const shape = fresh(`${n.name}_shape`);
  const at = g.nodes.indexOf(n);
  const node = (opType: string, inputs: string[], output: string, attrs: IRNode['attrs'] = {}): IRNode => ({
    name: fresh(`${n.name}_${opType}`),
    opType,
    domain: '',
    inputs,
    outputs: [output],
    attrs,
  });
  g.nodes.splice(
    at,
    1,
    node('Flatten', [x], flat, { axis: { type: 'int', value: axis } }),
    { ...n, inputs: [flat], outputs: [normalized], attrs: { ...n.attrs, axis: { type: 'int', value: -1 } } },
    node('Shape', [x], shape),
    node('Reshape', [normalized, shape], y),
  );
}

/**
 * Upsample (opsets 7-9, scales an attribute at 7 and an input from 9) and Resize-10 (X, scales) as Resize-13
 * (X, roi, scales, sizes) with their meaning spelled out, as onnxruntime runs them: asymmetric coordinates
 * (x_in = x_out / scale), nearest rounding down when enlarging and up when shrinking, linear clamped at the
 * borders. Resize 11-16 means what Resize-13 means.
 */
function upsampleAsResize(n: IRNode, g: IRGraph, fresh: (hint: string) => string): void {
  const attr = n.attrs.scales;
  delete n.attrs.scales;
  let scales = n.inputs[1];
  if (attr?.type === 'floats') {
    scales = fresh(`${n.name}_scales`);
    g.inits.set(scales, floatTensor(attr.value, [attr.value.length]));
  }
  if (!scales) throw new ExplainError('UNSUPPORTED_MODEL', `${n.opType} (node ${n.name}) has no scales.`);
  const known = g.inits.get(scales) ?? constantNodeValue(g, scales);
  const values = known ? Array.from(known.data as ArrayLike<number>, Number) : undefined;
  const shrinks = values?.some((v) => v < 1);
  if (shrinks && values!.some((v) => v > 1)) {
    throw new ExplainError('UNSUPPORTED_OP', `${n.opType} (node ${n.name}) enlarges some axes and shrinks others (scales ${values!.join(', ')}), which Resize cannot say with one nearest_mode.`);
  }
  const mode = n.attrs.mode?.type === 'string' ? n.attrs.mode.value : 'nearest';
  n.opType = 'Resize';
  n.inputs = [n.inputs[0], '', scales];
  n.attrs = {
    mode: { type: 'string', value: mode },
    coordinate_transformation_mode: { type: 'string', value: 'asymmetric' },
    ...(mode === 'nearest' && { nearest_mode: { type: 'string', value: shrinks ? 'ceil' : 'floor' } }),
  };
}

/** The value of a Constant node's output, if `t` is one. */
function constantNodeValue(g: IRGraph, t: string): ConstTensor | undefined {
  const c = g.nodes.find((m) => m.opType === 'Constant' && m.outputs[0] === t);
  return c?.attrs.value?.type === 'tensor' ? c.attrs.value.value : undefined;
}

export function raiseOpset(g: IRGraph): string | undefined {
  if (g.opset < MIN_OPSET || g.opset > MAX_OPSET) {
    throw new ExplainError('UNSUPPORTED_MODEL', `The model uses ONNX opset ${g.opset}; opsets ${MIN_OPSET} to ${MAX_OPSET} are supported.`);
  }
  if (g.opset > LOWERED_TO) return lowerOpset(g);
  if (g.opset >= TARGET_OPSET) return undefined;
  const from = g.opset;
  let counter = 0;
  const fresh = (hint: string) => `${hint}__opset${TARGET_OPSET}_${counter++}`;
  for (const n of g.nodes) {
    if (n.domain !== '') continue;
    // The type as loaded: a converted node (Upsample, now a Resize) is not converted again.
    const op = n.opType;
    for (const c of CONVERSIONS) if (c.op === op && from < c.before) c.convert(n, g, fresh);
  }
  g.opset = TARGET_OPSET;
  return `Raised from opset ${from} to ${TARGET_OPSET}.`;
}
