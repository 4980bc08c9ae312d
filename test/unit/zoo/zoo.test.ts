/**
 * Every architecture users bring (issue 12): on every zoo model (test/fixtures/zoo, small random-weight
 * EfficientNet ... MaxViT at opsets 13, 14 and 17), the engine's forward logits and gradient against torch's
 * float64 ones, and every method: finite, the right logit, and conservation where the method promises it
 * (LRP with the bias redistributed, DeepLIFT) — the cases of test/helpers/zooCases.ts.
 *
 * A case that does not pass is in one of the two tables below with its exact error, and is run to assert that
 * error still happens: when an op lands or a bug is fixed, its test fails and the row must go, so the tables
 * cannot silently rot. `EXPLAIN_ZOO_TABLE=tables.ts node --test out/test/unit/zoo/` writes the tables as observed
 * to tables.ts, to paste between the TABLES markers.
 * `EXPLAIN_TEST_VERBOSE=1` prints the measured errors of the passing cases.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { Engine } from '../../../src/engine/engine';
import { zooModels } from '../../helpers/zoo';
import { ZOO_CASES, measured } from '../../helpers/zooCases';
import { type Expected, type Outcome, findExpected, formatTables, isByDesign, stableMessage } from '../../helpers/zooOutcomes';

// TABLES-BEGIN (written by EXPLAIN_ZOO_TABLE)
const NOT_APPLICABLE: Expected[] = [
  { error: "Deep Taylor decomposition needs a ReLU network; Sigmoid \"/features/features.0/features.0.2/Sigmoid\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["efficientnet_opset13","efficientnet_opset17"],
    cases: ["deep-taylor"] },
  { error: "Deep Taylor decomposition needs a ReLU network; HardSigmoid \"/features/features.0/features.0.2/HardSigmoid\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["mobilenetv3_opset13"],
    cases: ["deep-taylor"] },
  { error: "CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: the input of Gemm \"/classifier/classifier.3/Gemm\" comes from Mul \"/classifier/classifier.1/Mul\", not a GlobalAveragePool. Use grad-cam, which works on any feature map.",
    models: ["mobilenetv3_opset13"],
    cases: ["cam"] },
  { error: "Deep Taylor decomposition needs a ReLU network; HardSwish \"/features/features.0/features.0.2/HardSwish\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["mobilenetv3_opset17"],
    cases: ["deep-taylor"] },
  { error: "CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: the input of Gemm \"/classifier/classifier.3/Gemm\" comes from HardSwish \"/classifier/classifier.1/HardSwish\", not a GlobalAveragePool. Use grad-cam, which works on any feature map.",
    models: ["mobilenetv3_opset17"],
    cases: ["cam"] },
  { error: "CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: the input of Gemm \"/fc/Gemm\" comes from ReduceMean \"/ReduceMean\", not a GlobalAveragePool. Use grad-cam, which works on any feature map.",
    models: ["shufflenetv2_opset13","shufflenetv2_opset17"],
    cases: ["cam"] },
  { error: "CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: the input of Gemm \"/classifier/classifier.1/Gemm\" comes from ReduceMean \"/ReduceMean\", not a GlobalAveragePool. Use grad-cam, which works on any feature map.",
    models: ["mnasnet_opset13","mnasnet_opset17"],
    cases: ["cam"] },
  { error: "Deep Taylor decomposition needs a ReLU network; Sigmoid \"/trunk_output/block1/block1-0/f/se/scale_activation/Sigmoid\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["regnety_opset13","regnety_opset17"],
    cases: ["deep-taylor"] },
  { error: "Deep Taylor decomposition needs a ReLU network; LayerNormalization \"/features/features.0/features.0.1/Div_layernorm\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["convnext_opset13"],
    cases: ["deep-taylor"] },
  { error: "CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: the input of Gemm \"/classifier/classifier.2/Gemm\" comes from Transpose \"/classifier/classifier.0/Transpose_1\", not a GlobalAveragePool. Use grad-cam, which works on any feature map.",
    models: ["convnext_opset13","convnext_opset17"],
    cases: ["cam"] },
  { error: "Deep Taylor decomposition needs a ReLU network; LayerNormalization \"/features/features.0/features.0.1/LayerNormalization\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["convnext_opset17"],
    cases: ["deep-taylor"] },
  { error: "Deep Taylor decomposition needs a ReLU network; LayerNormalization \"/encoder/layers/encoder_layer_0/ln_1/Div_layernorm\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["vit_opset13"],
    cases: ["deep-taylor"] },
  { error: "CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: the input of Gemm \"/heads/head/Gemm\" comes from Gather \"/Gather\", not a GlobalAveragePool. Use grad-cam, which works on any feature map.",
    models: ["vit_opset13","vit_opset17"],
    cases: ["cam"] },
  { error: "Deep Taylor decomposition needs a ReLU network; LayerNormalization \"/encoder/layers/encoder_layer_0/ln_1/LayerNormalization\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["vit_opset17"],
    cases: ["deep-taylor"] },
  { error: "Deep Taylor decomposition needs a ReLU network; LayerNormalization \"/features/features.0/features.0.2/Div_layernorm\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["swin_opset13"],
    cases: ["deep-taylor"] },
  { error: "Deep Taylor decomposition needs a ReLU network; LayerNormalization \"/features/features.0/features.0.2/LayerNormalization\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["swin_opset17"],
    cases: ["deep-taylor"] },
  { error: "Deep Taylor decomposition needs a ReLU network; Erf \"/stem/stem.2/Erf\" is another nonlinearity. Use lrp with a composite instead.",
    models: ["maxvit_opset13","maxvit_opset17"],
    cases: ["deep-taylor"] },
  { error: "CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: the input of Gemm \"/head/head.5/Gemm\" comes from Tanh \"/head/head.4/Tanh\", not a GlobalAveragePool. Use grad-cam, which works on any feature map.",
    models: ["maxvit_opset13","maxvit_opset17"],
    cases: ["cam"] },
];

const KNOWN_GAPS: Expected[] = [

];
// TABLES-END

const engine = new Engine();
const observed: Outcome[] = [];
after(async () => {
  await engine.clearCache();
  if (process.env.EXPLAIN_ZOO_TABLE) writeFileSync(process.env.EXPLAIN_ZOO_TABLE, formatTables(observed));
  if (process.env.EXPLAIN_TEST_VERBOSE) for (const [k, v] of measured) console.log(`${k}: ${v.toExponential(2)}`);
});

const models = zooModels();
const runs = (opset: number, c: (typeof ZOO_CASES)[number]) => c.opsets === 'all' || opset !== 14;

it('every row of the tables names a model and a case that run, and no pair twice', () => {
  const seen = new Set<string>();
  for (const [name, table] of [['NOT_APPLICABLE', NOT_APPLICABLE], ['KNOWN_GAPS', KNOWN_GAPS]] as const) {
    for (const row of table) {
      assert.equal(isByDesign(row.error), name === 'NOT_APPLICABLE', `${row.error} belongs in the other table`);
      for (const id of row.models) {
        const m = models.find((x) => x.id === id);
        assert.ok(m, `${name}: no model ${id}`);
        for (const c of row.cases) {
          const zc = ZOO_CASES.find((x) => x.name === c);
          assert.ok(zc && runs(m.opset, zc), `${name}: case "${c}" does not run on ${id}`);
          assert.ok(!seen.has(`${id} ${c}`), `${id} "${c}" is in the tables twice`);
          seen.add(`${id} ${c}`);
        }
      }
    }
  }
});

for (const m of models) {
  describe(m.id, () => {
    for (const c of ZOO_CASES.filter((zc) => runs(m.opset, zc))) {
      const expected = findExpected(NOT_APPLICABLE, m.id, c.name) ?? findExpected(KNOWN_GAPS, m.id, c.name);
      const title = expected ? `${c.name} (${isByDesign(expected.error) ? 'refused by design' : 'KNOWN GAP'})` : c.name;
      it(title, async () => {
        let error: string | undefined;
        try {
          await c.run(engine, m);
        } catch (e) {
          error = stableMessage((e as Error).message);
          observed.push({ id: m.id, case: c.name, error });
          if (!expected) throw e;
        }
        if (!expected) return void observed.push({ id: m.id, case: c.name });
        if (error === undefined) observed.push({ id: m.id, case: c.name });
        assert.ok(error !== undefined, `"${c.name}" on ${m.id} now passes: remove it from the table (${expected.error})`);
        assert.equal(error, expected.error, `"${c.name}" on ${m.id} fails otherwise than the table says`);
      });
    }
  });
}
