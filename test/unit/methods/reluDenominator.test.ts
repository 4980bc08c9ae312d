/**
 * The ReLU output as an LRP denominator (reluDenominator.ts) only where the relevance reaching it is 0 at
 * its zeros: on SqueezeNet with epsilon everywhere every Conv+ReLU qualifies; with the bias redistributed,
 * or a flat rule on a layer reading a ReLU's output, the layers whose relevance it touches keep their z.
 * That the relevance itself is unchanged is shown by the reference tests (lrpReference.test.ts) and the
 * identities (lrpIdentities.test.ts), which run with it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { pathNodes } from '../../../src/compile/path';
import { assignRules } from '../../../src/methods/lrp/composites';
import { reluDenominators } from '../../../src/methods/lrp/reluDenominator';
import type { MethodParams } from '../../../src/protocol';
import { SQUEEZENET, modelFile } from '../../helpers/models';

async function squeezenet() {
  const path = modelFile(SQUEEZENET);
  const c = await canonicalize(await loadGraph(readFileSync(path), path), [1, 3, 224, 224]);
  const g = c.graph;
  const nodes = pathNodes(g, g.inputs[0].name, g.outputs[0].name);
  return { info: { nodes, input: g.inputs[0].name }, convs: nodes.filter((n) => n.opType === 'Conv') };
}

describe('ReLU outputs as LRP denominators', () => {
  it('epsilon everywhere, bias absorbed: every Conv followed by its ReLU divides by the ReLU output', async () => {
    const { info, convs } = await squeezenet();
    const params: MethodParams = { rule: 'epsilon' };
    const of = reluDenominators(info, assignRules(info, params), 'absorb');
    for (const conv of convs) {
      const relu = info.nodes.find((n) => n.inputs[0] === conv.outputs[0])!;
      assert.equal(relu.opType, 'Relu');
      assert.equal(of(conv.outputs[0]), relu.outputs[0], conv.name);
    }
  });

  it('bias redistributed: none (the bias share is spread over inactive units too)', async () => {
    const { info, convs } = await squeezenet();
    const of = reluDenominators(info, assignRules(info, { rule: 'epsilon', bias: 'redistribute' }), 'redistribute');
    assert.ok(convs.every((c) => of(c.outputs[0]) === undefined));
  });

  it('a flat rule on fire3\'s squeeze layer: the layers whose ReLU outputs reach it keep z, the others do not', async () => {
    const { info, convs } = await squeezenet();
    const squeeze3 = convs.find((c) => /fire3\/squeeze/.test(c.outputs[0]))!;
    const of = reluDenominators(info, assignRules(info, { rule: 'epsilon', rules: { [squeeze3.name]: 'flat' } }), 'absorb');
    // fire2's expand layers feed fire3's squeeze (through a Concat): their relevance reaches zeros.
    const fire2 = convs.filter((c) => /fire2\/expand/.test(c.outputs[0]));
    assert.equal(fire2.length, 2);
    assert.ok(fire2.every((c) => of(c.outputs[0]) === undefined), 'fire2 expand keeps z');
    // fire3's own layers and everything after are unaffected.
    assert.ok(convs.filter((c) => /fire[4-9]|conv10/.test(c.outputs[0])).every((c) => of(c.outputs[0]) !== undefined));
  });
});
