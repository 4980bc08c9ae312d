/**
 * Denominators known to be >= 0 skip the sign test of the stabilizer (z + eps, one pass, the same values):
 * the z+ rule's (positive weight parts on inputs split by sign, positive bias) and a ReLU output used as a
 * denominator. On SqueezeNet with z+ or epsilon everywhere no Conv or ReLU output is sign-tested any more;
 * only the global pool's ratio is (its input sign is not traced). That the relevance is unchanged is shown
 * by the reference and identity tests, which run with it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { compile } from '../../../src/compile/compile';
import { lrp } from '../../../src/methods/lrp';
import type { MethodParams } from '../../../src/protocol';
import { SQUEEZENET, modelFile } from '../../helpers/models';

async function signTested(params: MethodParams): Promise<string[]> {
  const path = modelFile(SQUEEZENET);
  const loaded = await loadGraph(readFileSync(path), path);
  const c = await canonicalize(loaded, [1, 3, 224, 224]);
  const pre = { layout: 'NCHW' as const, scale: 1, mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'BGR' as const, size: [224, 224] as [number, number] };
  const { options } = lrp.graph({ ...lrp.defaults, ...params }, { pre, canonical: c, original: loaded.graph, removedNoOps: loaded.removedNoOps } as never);
  const g = compile(c, options).graph;
  const producer = new Map(g.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  return g.nodes.filter((n) => n.opType === 'GreaterOrEqual').map((n) => producer.get(n.inputs[0])?.opType ?? 'input');
}

describe('stabilizer sign tests', () => {
  for (const params of [{ rule: 'zplus' }, { rule: 'epsilon' }] as MethodParams[]) {
    it(`${params.rule} on SqueezeNet: none on Conv or ReLU outputs`, async () => {
      const tested = await signTested(params);
      assert.ok(!tested.some((op) => op === 'Conv' || op === 'Relu'), tested.join(', '));
    });
  }
  it('bias redistributed (no ReLU denominators): epsilon still sign-tests its Conv outputs', async () => {
    const tested = await signTested({ rule: 'epsilon', bias: 'redistribute' });
    assert.ok(tested.filter((op) => op === 'Conv').length >= 20, tested.join(', '));
  });
});
