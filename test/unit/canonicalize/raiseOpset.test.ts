/**
 * raiseOpset: models from opset 7 are raised to 17 with an explicit conversion per changed op. Each converted
 * graph must compute what the original computes in onnxruntime at its own opset.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onnx } from 'onnx-proto';
import { cutTrailingSoftmax } from '../../../src/canonicalize/cutSoftmax';
import { dropNoOps } from '../../../src/canonicalize/dropNoOps';
import { TARGET_OPSET, raiseOpset } from '../../../src/canonicalize/raiseOpset';
import { A } from '../../../src/compile/builder';
import { decodeModel } from '../../../src/onnx/decode';
import { encodeModel } from '../../../src/onnx/encode';
import { type ConstTensor, type IRGraph, type IRNode, cloneGraph, floatTensor, int64Tensor } from '../../../src/onnx/ir';
import { graph, inputDims, node, randomTensor } from '../../helpers/ir';
import {
  MNIST,
  MNIST_REF,
  MOBILENET_MINI,
  MOBILENET_MINI_REF,
  RESNET_MINI,
  RESNET_MINI_REF,
  SQUEEZENET,
  SQUEEZENET_REF,
  decoded,
  modelFile,
  reference,
  seededInput,
} from '../../helpers/models';
import { type Diagnostics, assertScoresUnchanged, assertSqueezeNetProbabilitiesUnchanged, imageAndNoise } from '../../helpers/scoresUnchanged';

/** A hand-built graph at an old opset: input x of the given dims, output y. */
function atOpset(opset: number, dims: number[], nodes: IRNode[], inits?: Record<string, ConstTensor>): IRGraph {
  return graph({ opset, input: ['x', dims], output: 'y', nodes, inits });
}

/** Raises a hand-built graph and checks it against the original run by onnxruntime at the old opset. */
async function raisesFaithfully(t: Diagnostics, g: IRGraph, x: Float32Array, bytes = encodeModel(g)): Promise<IRGraph> {
  const dims = inputDims(g);
  const from = g.opset;
  const raised = cloneGraph(g);
  assert.equal(raiseOpset(raised), `Raised from opset ${from} to ${TARGET_OPSET}.`);
  assert.equal(raised.opset, TARGET_OPSET);
  await assertScoresUnchanged(t, raised, bytes, x, dims, { label: `opset ${from} -> ${TARGET_OPSET}` });
  return raised;
}

test('raiseOpset: MNIST (opset 7) raised to 17 computes the original scores', async (t) => {
  const ref = reference(MNIST_REF);
  const g = decoded(MNIST);
  assert.equal(raiseOpset(g), 'Raised from opset 7 to 17.');
  assert.equal(g.opset, 17);
  await assertScoresUnchanged(t, g, modelFile(MNIST), imageAndNoise(ref.input, 3), ref.dims);
});

test('raiseOpset: SqueezeNet (opset 7, after the softmax cut and Dropout removal) raised to 17', async (t) => {
  const ref = reference(SQUEEZENET_REF);
  const g = decoded(SQUEEZENET);
  cutTrailingSoftmax(g);
  dropNoOps(g);
  assert.equal(raiseOpset(g), 'Raised from opset 7 to 17.');
  await assertSqueezeNetProbabilitiesUnchanged(t, g, ref.input, ref.dims);
});

test('raiseOpset: opset-13 models (resnet_mini, mobilenet_mini) raised to 17', async (t) => {
  for (const [file, refName] of [[RESNET_MINI, RESNET_MINI_REF], [MOBILENET_MINI, MOBILENET_MINI_REF]]) {
    const ref = reference(refName);
    const g = decoded(file);
    assert.equal(raiseOpset(g), 'Raised from opset 13 to 17.');
    await assertScoresUnchanged(t, g, modelFile(file), ref.input, ref.dims, { label: file });
  }
});

test('raiseOpset: opset-7 Clip with min/max attributes becomes Clip with bound inputs', async (t) => {
  const g = atOpset(7, [1, 12], [
    node('Clip', ['x'], ['both'], { min: A.float(-1.5), max: A.float(2) }, 'clip_both'),
    node('Clip', ['x'], ['upper'], { max: A.float(0.25) }, 'clip_upper'),
    node('Clip', ['x'], ['lower'], { min: A.float(-0.5) }, 'clip_lower'),
    node('Clip', ['x'], ['none'], {}, 'clip_none'),
    node('Concat', ['both', 'upper', 'lower', 'none'], ['y'], { axis: A.int(1) }),
  ]);
  const raised = await raisesFaithfully(t, g, seededInput(12, 1, -4, 4));
  const clip = (name: string) => raised.nodes.find((n) => n.name === name)!;
  for (const name of ['clip_both', 'clip_upper', 'clip_lower', 'clip_none']) assert.deepEqual(clip(name).attrs, {});
  assert.equal(clip('clip_both').inputs.length, 3);
  assert.equal(clip('clip_upper').inputs[1], '', 'no lower bound: an empty input');
  assert.equal(clip('clip_lower').inputs.length, 2);
  assert.deepEqual(clip('clip_none').inputs, ['x']);
  assert.deepEqual(raised.inits.get(clip('clip_both').inputs[2]), floatTensor([2], []));
});

test('raiseOpset: opset-7 Pad with pads/value attributes becomes Pad with inputs', async (t) => {
  const g = atOpset(7, [1, 2, 3, 3], [
    node('Pad', ['x'], ['constant'], { pads: A.ints([0, 0, 1, 2, 0, 0, 2, 1]), value: A.float(0.5) }, 'pad_constant'),
    node('Pad', ['x'], ['zero'], { pads: A.ints([0, 1, 0, 1, 0, 0, 1, 0]) }, 'pad_zero'),
    node('Pad', ['x'], ['reflect'], { pads: A.ints([0, 0, 1, 1, 0, 0, 1, 1]), mode: A.str('reflect') }, 'pad_reflect'),
    node('Flatten', ['constant'], ['f1'], { axis: A.int(1) }),
    node('Flatten', ['zero'], ['f2'], { axis: A.int(1) }),
    node('Flatten', ['reflect'], ['f3'], { axis: A.int(1) }),
    node('Concat', ['f1', 'f2', 'f3'], ['y'], { axis: A.int(1) }),
  ]);
  const raised = await raisesFaithfully(t, g, seededInput(18, 2, -1, 1));
  const pad = raised.nodes.find((n) => n.name === 'pad_reflect')!;
  assert.deepEqual(pad.attrs, { mode: A.str('reflect') });
  assert.equal(pad.inputs.length, 3);
});

test('raiseOpset: opset-11 Squeeze, Unsqueeze and ReduceSum with axes attributes get axes inputs', async (t) => {
  const g = atOpset(11, [1, 3, 1, 4], [
    node('Squeeze', ['x'], ['sq'], { axes: A.ints([0, 2]) }), // [3, 4]
    node('Unsqueeze', ['sq'], ['unsq'], { axes: A.ints([0, -1]) }), // [1, 3, 4, 1]
    node('ReduceSum', ['unsq'], ['sum'], { axes: A.ints([2]), keepdims: A.int(1) }), // [1, 3, 1, 1]
    node('Mul', ['unsq', 'sum'], ['prod']), // [1, 3, 4, 1]
    node('Squeeze', ['prod'], ['all']), // no axes: every 1 goes, [3, 4]
    node('Add', ['all', 'sq'], ['y']),
  ]);
  const raised = await raisesFaithfully(t, g, seededInput(12, 3, -2, 2));
  for (const n of raised.nodes) assert.equal(n.attrs.axes, undefined, n.name);
  assert.deepEqual(raised.nodes.find((n) => n.opType === 'Unsqueeze')!.inputs.length, 2);
  assert.deepEqual(raised.nodes.find((n) => n.outputs[0] === 'all')!.inputs, ['prod']);
});

test('raiseOpset: opset-9 Slice and Split with attributes get inputs (fixed: they failed to load at 17)', async (t) => {
  const g = atOpset(9, [1, 4, 3], [
    node('Slice', ['x'], ['a'], { starts: A.ints([1]), ends: A.ints([3]), axes: A.ints([1]) }, 'slice_axes'),
    // No axes: the leading ones. Its end is set to INT64_MAX below, exporters' "to the end".
    node('Slice', ['x'], ['b'], { starts: A.ints([0, 1]), ends: A.ints([1, 1]) }, 'slice_to_end'),
    node('Split', ['x'], ['s1', 's2'], { axis: A.int(1), split: A.ints([1, 3]) }, 'split_sizes'),
    node('Split', ['x'], ['t1', 't2'], { axis: A.int(1) }, 'split_even'),
    node('Concat', ['a', 'b', 's1', 's2', 't1', 't2'], ['y'], { axis: A.int(1) }),
  ]);
  const proto = onnx.ModelProto.decode(encodeModel(g));
  const ends = proto.graph!.node![1].attribute!.find((a) => a.name === 'ends')!;
  ends.ints = [1, { low: -1, high: 0x7fffffff } as unknown as number]; // INT64_MAX, beyond a double's integers
  const bytes = onnx.ModelProto.encode(proto).finish();
  const loaded = decodeModel(bytes, 'slice model');
  assert.deepEqual(loaded.nodes[1].attrs.ends, A.ints([1, 2 ** 63]));
  const raised = await raisesFaithfully(t, loaded, seededInput(12, 5, -1, 1), bytes);
  const byName = (name: string) => raised.nodes.find((n) => n.name === name)!;
  assert.deepEqual(byName('slice_axes').attrs, {});
  assert.equal(byName('slice_axes').inputs.length, 4);
  assert.equal(byName('slice_to_end').inputs.length, 3);
  assert.deepEqual(byName('split_sizes').attrs, { axis: A.int(1) });
  assert.equal(byName('split_sizes').inputs.length, 2);
  assert.deepEqual(byName('split_even').inputs, ['x']);
});

test('raiseOpset: opset-11 Softmax and LogSoftmax (flattened from axis, default 1) keep their meaning at 17', async (t) => {
  const g = atOpset(11, [1, 2, 3, 4], [
    node('Softmax', ['x'], ['a'], {}, 'softmax_default'), // over 2*3*4 values per image
    node('LogSoftmax', ['x'], ['b'], { axis: A.int(2) }, 'logsoftmax_axis2'), // over 3*4
    node('Softmax', ['x'], ['c'], { axis: A.int(-1) }, 'softmax_last'), // the same in both
    node('Add', ['a', 'b'], ['ab']),
    node('Add', ['ab', 'c'], ['y']),
  ]);
  const raised = await raisesFaithfully(t, g, seededInput(24, 6, -3, 3));
  const ops = raised.nodes.map((n) => n.opType);
  assert.deepEqual(ops.filter((o) => o === 'Flatten').length, 2);
  assert.deepEqual(ops.filter((o) => o === 'Reshape').length, 2);
  for (const n of raised.nodes.filter((n) => n.opType === 'Softmax' || n.opType === 'LogSoftmax')) assert.deepEqual(n.attrs.axis, A.int(-1), n.name);
  assert.ok(raised.nodes.some((n) => n.outputs[0] === 'a') && raised.nodes.some((n) => n.outputs[0] === 'b'));
});

test('raiseOpset: opset-7 BatchNormalization loses its spatial attribute', async (t) => {
  const C = 3;
  const g = atOpset(7, [1, C, 4, 4], [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'], { spatial: A.int(1), epsilon: A.float(1e-3) })], {
    s: randomTensor([C], 1),
    b: randomTensor([C], 2),
    m: randomTensor([C], 3),
    v: randomTensor([C], 4, 0.5, 2),
  });
  const raised = await raisesFaithfully(t, g, seededInput(C * 16, 4, -2, 2));
  assert.deepEqual(raised.nodes[0].attrs, { epsilon: A.float(1e-3) });
});

test('raiseOpset: opsets outside 7..20 and ops that changed meaning are refused; 17 and 18 stay', () => {
  const relu = (opset: number) => atOpset(opset, [1, 2], [node('Relu', ['x'], ['y'])]);
  assert.throws(() => raiseOpset(relu(6)), { code: 'UNSUPPORTED_MODEL', message: /opset 6; opsets 7 to 20/ });
  assert.throws(() => raiseOpset(relu(21)), { code: 'UNSUPPORTED_MODEL', message: /opset 21/ });
  for (const opset of [17, 18]) {
    const g = relu(opset);
    assert.equal(raiseOpset(g), undefined);
    assert.equal(g.opset, opset);
  }
  const scan = atOpset(9, [1, 1, 2, 2], [node('Scan', ['x'], ['y'], {}, 'scan')]);
  assert.throws(() => raiseOpset(scan), { code: 'UNSUPPORTED_OP', message: /Scan \(node scan\)/ });
});

// Upsample and Resize-10 become Resize-13 with asymmetric coordinates: the raised graph must give what
// onnxruntime gives for the original at its own opset (a 5x6 map, odd sizes so that rounding shows).
const upsampleCases: [string, number, IRNode[], Record<string, ConstTensor>][] = [
  ['Upsample-7 nearest x2 (scales attribute)', 7, [node('Upsample', ['x'], ['y'], { scales: { type: 'floats', value: [1, 1, 2, 2] } })], {}],
  ['Upsample-7 linear x2, x3', 7, [node('Upsample', ['x'], ['y'], { scales: { type: 'floats', value: [1, 1, 2, 3] }, mode: A.str('linear') })], {}],
  ['Upsample-9 nearest x3, x1.5 (scales input)', 9, [node('Upsample', ['x', 's'], ['y'])], { s: floatTensor([1, 1, 3, 1.5], [4]) }],
  ['Upsample-9 linear x1.5, x2', 9, [node('Upsample', ['x', 's'], ['y'], { mode: A.str('linear') })], { s: floatTensor([1, 1, 1.5, 2], [4]) }],
  ['Resize-10 nearest x2', 10, [node('Resize', ['x', 's'], ['y'])], { s: floatTensor([1, 1, 2, 2], [4]) }],
  ['Resize-10 nearest, shrinking by 0.6', 10, [node('Resize', ['x', 's'], ['y'])], { s: floatTensor([1, 1, 0.6, 0.6], [4]) }],
  ['Resize-10 linear x2.5', 10, [node('Resize', ['x', 's'], ['y'], { mode: A.str('linear') })], { s: floatTensor([1, 1, 2.5, 2.5], [4]) }],
];
for (const [name, opset, nodes, inits] of upsampleCases) {
  test(`raiseOpset: ${name} as Resize-13 computes what onnxruntime computes at opset ${opset}`, async (t) => {
    const raised = await raisesFaithfully(t, atOpset(opset, [1, 2, 5, 6], nodes, inits), seededInput(60, 9, -2, 2));
    assert.equal(raised.nodes[0].opType, 'Resize');
    assert.equal(raised.nodes[0].attrs.coordinate_transformation_mode?.type === 'string' && raised.nodes[0].attrs.coordinate_transformation_mode.value, 'asymmetric');
  });
}

test('raiseOpset: opset-11 Resize (roi, scales, sizes inputs) stays as it is', async (t) => {
  const g = atOpset(11, [1, 2, 5, 6], [node('Resize', ['x', 'roi', 'scales', 'sizes'], ['y'], { mode: A.str('linear'), coordinate_transformation_mode: A.str('pytorch_half_pixel') })], {
    roi: floatTensor([], [0]),
    scales: floatTensor([], [0]),
    sizes: int64Tensor([1, 2, 9, 13]),
  });
  const raised = await raisesFaithfully(t, g, seededInput(60, 10, -2, 2));
  assert.deepEqual(raised.nodes[0], g.nodes[0]);
});

test('raiseOpset: opset-20 models come down to 18: Gelu as its Erf or Tanh definition, Cast without saturate', async (t) => {
  const g = atOpset(20, [1, 2, 3, 3], [
    node('Gelu', ['x'], ['exact'], {}, 'gelu_exact'),
    node('Gelu', ['x'], ['approx'], { approximate: A.str('tanh') }, 'gelu_tanh'),
    node('Add', ['exact', 'approx'], ['sum']),
    node('Cast', ['sum'], ['cast'], { to: A.int(1), saturate: A.int(1) }),
    node('AveragePool', ['cast'], ['y'], { kernel_shape: A.ints([2, 2]), dilations: A.ints([1, 1]) }),
  ]);
  const bytes = encodeModel(g);
  const lowered = cloneGraph(g);
  assert.equal(raiseOpset(lowered), 'Brought from opset 20 down to 18.');
  assert.equal(lowered.opset, 18);
  await assertScoresUnchanged(t, lowered, bytes, seededInput(18, 7, -4, 4), inputDims(g), { label: 'opset 20 -> 18' });
  const ops = lowered.nodes.map((n) => n.opType);
  assert.ok(!ops.includes('Gelu') && ops.includes('Erf') && ops.includes('Tanh'), ops.join(' '));
  assert.ok(lowered.nodes.some((n) => n.name === 'gelu_exact' && n.outputs[0] === 'exact'));
  assert.equal(lowered.nodes.find((n) => n.opType === 'Cast')!.attrs.saturate, undefined);
  const wrap = atOpset(19, [1, 1, 2, 2], [node('Pad', ['x', 'p'], ['y'], { mode: A.str('wrap') }, 'wrapped')], { p: int64Tensor([0, 0, 1, 1, 0, 0, 1, 1]) });
  assert.throws(() => raiseOpset(wrap), { code: 'UNSUPPORTED_OP', message: /Pad \(node wrapped\) pads in wrap mode/ });
});
