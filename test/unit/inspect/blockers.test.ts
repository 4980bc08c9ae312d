/**
 * Which op stops which method (issue 16's "Can it be explained?"): the engine's refusals are matched to the node
 * they name, as a whole name (conv1 is not conv10), and through the engine's report on a model with an op that
 * has no backward rule: that op stops every gradient-based method, with the compiler's own message, and occlusion
 * (forward only) is stopped by nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { blockedBy, namesNode } from '../../../src/inspect/blockers';
import { METHODS } from '../../../src/methods';
import { encodeModel } from '../../../src/onnx/encode';
import type { MethodCheck } from '../../../src/protocol';
import { sinModel } from '../../helpers/ir';

const tmp = mkdtempSync(join(tmpdir(), 'explain-blockers-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('blockers', () => {
  test('a message names a node by "node \\"name\\"" or "OpType name", as a whole name', () => {
    const conv1 = { name: 'conv1', opType: 'Conv' };
    assert.ok(namesNode('Unsupported op Conv (node "conv1") on the path', conv1));
    assert.ok(namesNode('Conv conv1 computes its weights from the image; only constant weights are supported.', conv1));
    assert.ok(namesNode('LRP needs constant weights: Conv conv1.', conv1));
    assert.ok(!namesNode('Conv conv10 computes its weights from the image.', conv1));
    assert.ok(!namesNode('Conv conv1.0/x computes its weights from the image.', conv1));
    assert.ok(namesNode('Pad /layer1.0/pad (mode reflect) is not supported', { name: '/layer1.0/pad', opType: 'Pad' }));
  });

  test('each failed method goes to the op its message names; one naming none is the model\'s', () => {
    const path = [
      { name: 'p', opType: 'Pad' },
      { name: 'm', opType: 'MatMul' },
    ];
    const checks: MethodCheck[] = [
      { method: 'gradient', title: 'Gradient', ok: false, reason: 'Pad p (mode reflect) is not supported.' },
      { method: 'lrp', title: 'LRP', ok: false, reason: 'LRP: MatMul m of vectors.' },
      { method: 'deeplift', title: 'DeepLIFT', ok: false, reason: 'Pad p (mode reflect) is not supported.' },
      { method: 'cam', title: 'CAM', ok: false, reason: 'The model has no spatial feature map.' },
      { method: 'occlusion', title: 'Occlusion', ok: true },
    ];
    assert.deepEqual(blockedBy(path, checks), [
      { op: 'Pad', methods: ['gradient', 'deeplift'] },
      { op: 'MatMul', methods: ['lrp'] },
    ]);
  });

  test('the engine\'s report: Sin stops every method with a backward pass, occlusion runs', async () => {
    const file = join(tmp, 'sin.onnx');
    writeFileSync(file, encodeModel(sinModel()));
    const engine = new Engine();
    try {
      const report = await engine.report({ path: file });
      const withBackward = METHODS.filter((m) => !m.forwardOnly).map((m) => m.name);
      assert.deepEqual(report.blockedBy, [{ op: 'Sin', methods: withBackward }]);
      for (const m of report.methods.filter((c) => withBackward.includes(c.method))) assert.match(m.reason!, /Sin \(node "sin_node"\)/, m.method);
      assert.ok(report.methods.find((m) => m.method === 'occlusion')!.ok);
    } finally {
      await engine.clearCache();
    }
  });
});
