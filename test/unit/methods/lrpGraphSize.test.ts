/**
 * What LRP's compiled graphs hold, beyond what they compute (the reference and identity tests check that):
 * no all-ones copy of a layer's weights (flat rule, bias redistribution: the all-ones layer runs as
 * one-channel convolutions), and one adjoint convolution per layer however many parts a rule has (alpha-beta
 * on the signed image: four parts, one convolution), and no sign test on a residual sum a ReLU follows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { compile } from '../../../src/compile/compile';
import { graphMethodByName } from '../../../src/methods';
import type { IRGraph } from '../../../src/onnx/ir';
import type { MethodParams, Preprocessing } from '../../../src/protocol';
import { RESNET_MINI, RESNET_MINI_REF, modelBytes, opCounts, reference } from '../../helpers/models';

async function compiled(params: MethodParams): Promise<{ graph: IRGraph; canonical: IRGraph }> {
  const c = await canonicalize(await loadGraph(modelBytes(RESNET_MINI), RESNET_MINI), reference(RESNET_MINI_REF).dims);
  const lrp = graphMethodByName('lrp');
  const pre: Preprocessing = { width: 64, height: 64, channels: 'RGB', layout: 'NCHW', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'stretch' };
  const v = lrp.graph({ ...lrp.defaults, ...params }, { pre, canonical: c, original: c.graph, removedNoOps: new Map() });
  return { graph: compile(c, v.options).graph, canonical: c.graph };
}

const convWeights = (g: IRGraph) => g.nodes.filter((n) => n.opType === 'Conv').map((n) => g.inits.get(n.inputs[1])!);

describe('LRP graph size', () => {
  for (const params of [{ rule: 'epsilon', bias: 'redistribute' }, { rule: 'flat' }, { composite: 'epsilon-plus-flat' }] as MethodParams[]) {
    it(`${JSON.stringify(params)}: all-ones convolutions read one channel, not a layer's many`, async () => {
      const { graph } = await compiled(params);
      const ones = convWeights(graph).filter((w) => (w.data as Float32Array).every((v) => v === 1));
      assert.ok(ones.length > 0, 'the rule runs the all-ones layer');
      // [1, 1, k, k], or [s*s, 1, t, t] for a strided layer's adjoint in phases.
      for (const w of ones) assert.equal(w.dims[1], 1, `all-ones weights [${w.dims}]`);
    });
  }

  it('epsilon: a residual Add followed by a ReLU divides by the ReLU output, with no sign test on the sum', async () => {
    const { graph, canonical } = await compiled({ rule: 'epsilon' });
    const readers = (t: string) => canonical.nodes.filter((n) => n.inputs.includes(t));
    const sums = canonical.nodes.filter((n) => n.opType === 'Add' && readers(n.outputs[0]).every((r) => r.opType === 'Relu'));
    assert.equal(sums.length, 4);
    const signTested = new Set(graph.nodes.filter((n) => n.opType === 'GreaterOrEqual').map((n) => n.inputs[0]));
    for (const add of sums) assert.ok(!signTested.has(add.outputs[0]), `${add.name}'s output is sign-tested`);
  });

  it('alpha-beta: one modified forward and one adjoint per convolution, the signed image\'s four parts included', async () => {
    const { graph, canonical } = await compiled({ rule: 'alpha-beta' });
    const convs = convWeights(canonical).length;
    // A strided adjoint may run its phases as convolutions apart, concatenated for DepthToSpace: one adjoint.
    const interleaved = new Set(graph.nodes.filter((n) => n.opType === 'DepthToSpace').map((n) => n.inputs[0]));
    const phaseConcats = graph.nodes.filter((n) => n.opType === 'Concat' && interleaved.has(n.outputs[0]));
    const phaseConvs = new Set(phaseConcats.flatMap((n) => n.inputs));
    const adjointsApart = graph.nodes.filter((n) => n.opType === 'Conv' && phaseConvs.has(n.outputs[0])).length;
    // The forward, z+ (x+ and x- stacked on the first layer) and one adjoint each.
    assert.equal(opCounts(graph).Conv - adjointsApart + phaseConcats.length, 3 * convs);
  });
});
