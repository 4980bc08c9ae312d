/**
 * The model inspector's first look at a file (issue 16): what modelStructure reads from the protobuf agrees with
 * onnx-proto's own decoding of the same file (inputs, outputs, opset, producer, every initializer's values and
 * bytes, every node's op), the graph holds the nodes between the image and the outputs (not the shape arithmetic
 * that only reads the input's shape), and a file that is not ONNX gets the engine's NOT_ONNX error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { onnx } from 'onnx-proto';
import { ExplainError } from '../../../src/errors';
import { modelStructure } from '../../../src/inspect/structure';
import { encodeModel } from '../../../src/onnx/encode';
import { graph } from '../../helpers/ir';
import { RESNET_MINI, SQUEEZENET, modelFile } from '../../helpers/models';

const dimsOf = (t: onnx.ITensorProto) => (t.dims ?? []).map(Number);

describe('modelStructure', () => {
  for (const name of [SQUEEZENET, RESNET_MINI]) {
    test(`${name}: the file's facts as onnx-proto reads them`, () => {
      const bytes = readFileSync(modelFile(name));
      const file = onnx.ModelProto.decode(bytes);
      const s = modelStructure(bytes, modelFile(name));
      const g = file.graph!;
      const inits = new Set(g.initializer!.map((t) => t.name));
      assert.deepEqual(s.inputs.map((v) => v.name), g.input!.filter((v) => !inits.has(v.name)).map((v) => v.name));
      assert.deepEqual(s.outputs.map((v) => v.name), g.output!.map((v) => v.name));
      assert.deepEqual(s.inputs[0].dims, g.input!.find((v) => !inits.has(v.name))!.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))));
      assert.equal(s.opset, Number(file.opsetImport.find((o) => !o.domain)!.version));
      if (file.producerName) assert.match(s.producer!, new RegExp(`^${file.producerName}`));
      const values = g.initializer!.reduce((a, t) => a + dimsOf(t).reduce((x, y) => x * y, 1), 0);
      const constants = g.node!.filter((n) => n.opType === 'Constant');
      assert.equal(s.parameters.tensors, g.initializer!.length + constants.length);
      assert.ok(s.parameters.values >= values && s.parameters.values <= values + constants.length * 64, `${s.parameters.values} values vs ${values} in initializers`);
      const stored = g.initializer!.reduce((a, t) => a + (t.rawData?.length ?? 0), 0);
      assert.ok(s.parameters.bytes >= stored, `${s.parameters.bytes} bytes vs ${stored} of raw data`);
      assert.equal(s.ops.reduce((a, o) => a + o.count, 0), g.node!.length);
      for (const o of s.ops) assert.equal(o.count, g.node!.filter((n) => n.opType === o.op).length, o.op);
      // Most frequent first.
      for (let i = 1; i < s.ops.length; i++) assert.ok(s.ops[i - 1].count >= s.ops[i].count);
      // Graph order, every edge forward, every node an output's ancestor.
      for (const [a, b] of s.graph.edges) assert.ok(a < b, `edge ${a} -> ${b}`);
      assert.ok(s.graph.nodes.length > 0 && s.graph.nodes.length <= g.node!.length);
      const outputs = new Set(g.output!.map((v) => v.name));
      const last = s.graph.nodes[s.graph.nodes.length - 1];
      assert.ok(last.outputs.some((o) => outputs.has(o)), `${last.name} writes an output`);
    });
  }

  test('shape arithmetic beside the path is not drawn; the edges follow the tensors', () => {
    const s = modelStructure(
      encodeModel(
        graph({
          input: ['x', [1, 3, 4, 4]],
          output: 'y',
          nodes: [
            { name: 'relu', opType: 'Relu', domain: '', inputs: ['x'], outputs: ['r'], attrs: {} },
            { name: 'shape', opType: 'Shape', domain: '', inputs: ['x'], outputs: ['s'], attrs: {} },
            { name: 'flat', opType: 'Reshape', domain: '', inputs: ['r', 's2'], outputs: ['f'], attrs: {} },
            { name: 'keep', opType: 'Identity', domain: '', inputs: ['s'], outputs: ['s2'], attrs: {} },
            { name: 'add', opType: 'Add', domain: '', inputs: ['f', 'r'], outputs: ['y'], attrs: {} },
          ],
        }),
      ),
      'handmade.onnx',
    );
    assert.deepEqual(s.graph.nodes.map((n) => n.name), ['relu', 'flat', 'add']);
    assert.deepEqual(s.graph.edges, [[0, 1], [1, 2], [0, 2]]);
    assert.deepEqual(s.ops.find((o) => o.op === 'Shape'), { op: 'Shape', count: 1 });
  });

  test('a file that is not ONNX', () => {
    assert.throws(() => modelStructure(new TextEncoder().encode('these are notes, not a protobuf\n'), 'notes.onnx'), (e: unknown) => e instanceof ExplainError && e.code === 'NOT_ONNX' && /notes\.onnx is not an ONNX model/.test(e.message));
  });
});
