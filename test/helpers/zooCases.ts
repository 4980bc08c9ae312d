/**
 * What every method must do on every zoo model (test/helpers/zoo.ts), one case per method or promise. A case
 * throws with a message that starts with a fixed phrase ("forward logits", "gradient", "not finite", "wrong
 * logit", "conservation") or is the engine's own error, so a known gap can be pinned to that message.
 *
 * Tolerances: the engine runs float32, the references are float64. Elementwise 1e-4 of the reference's largest
 * value (float32 over a few dozen layers stays near 1e-6 here); conservation 1e-4 of the conserved quantity.
 */
import assert from 'node:assert/strict';
import { canonicalize, loadGraph } from '../../src/canonicalize';
import type { Engine } from '../../src/engine/engine';
import type { ExplainResult, MethodName, MethodParams } from '../../src/protocol';
import { readFileSync } from 'node:fs';
import { cutTensors } from './cutTensors';
import { runScores } from './models';
import { relDiff } from './relDiff';
import type { ZooModel } from './zoo';

export const TOL = 1e-4;

export interface ZooCase {
  name: string;
  /** 'all': every opset's file; 'spellings': only 13 and 17, where the ops differ most (14 = 13 but HardSwish). */
  opsets: 'all' | 'spellings';
  run(engine: Engine, m: ZooModel): Promise<void>;
}

/** The measured errors of the passing cases, for the test's log and the README's table. */
export const measured = new Map<string, number>();

async function explain(engine: Engine, m: ZooModel, method: MethodName, params: MethodParams = {}): Promise<ExplainResult> {
  const r = await engine.explain({ model: { path: m.path }, image: { tensor: m.input }, method, params, target: m.target });
  assertExplained(r, m);
  return r;
}

function maxAbs(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]));
  return s;
}

/** Finite everywhere, and the target's logit as torch computes it. */
export function assertExplained(r: ExplainResult, m: ZooModel): void {
  const bad = r.relevance.data.findIndex((v) => !Number.isFinite(v));
  assert.ok(bad < 0, `not finite: relevance[${bad}] = ${r.relevance.data[bad]}`);
  for (const l of r.layers) assert.ok(Number.isFinite(l.sum), `not finite: layer ${l.op} ${l.name} sums to ${l.sum}`);
  assert.equal(r.target, m.target, 'wrong logit: target');
  const err = Math.abs(r.score - m.logits64[m.target]) / maxAbs(m.logits64);
  assert.ok(err <= TOL, `wrong logit: score ${r.score} vs torch ${m.logits64[m.target]} (${err.toExponential(2)})`);
}

/** Elementwise within TOL of the reference's largest value; records the error. */
function assertClose(what: string, got: ArrayLike<number>, ref: ArrayLike<number>, key: string): void {
  const err = relDiff(got, ref);
  measured.set(key, err);
  assert.ok(err <= TOL, `${what}: ${err.toExponential(2)} of the largest value (bound ${TOL})`);
}

/**
 * Every cut layer (that all paths from the input to the score cross) and the input sum to `conserved` within
 * TOL of the larger of |conserved| and |score|: float32 rounding scales with the activations, not with
 * f(x) - f(x0), which on these random nets can be 1e-3 of the score (EfficientNet from the zero reference:
 * 4.6e-4 against a score of 0.52, its layers off by 1.2e-7 absolute). `cuts` must find at least two layers.
 */
async function assertConserves(r: ExplainResult, m: ZooModel, conserved: number, key: string): Promise<void> {
  const cuts = await cutTensors(m.path, m.input.dims);
  const layers = r.layers.filter((l) => cuts.has(l.name));
  assert.ok(layers.length >= 2, `conservation: only ${layers.length} cut layers found`);
  let worst = Math.abs(r.relevanceSum - conserved);
  let where = 'the input';
  for (const l of layers) {
    assert.ok(l.gap !== undefined, `conservation: layer ${l.name} has no gap`);
    if (Math.abs(l.gap) > worst) [worst, where] = [Math.abs(l.gap), `layer ${l.op} ${l.name}`];
  }
  const scale = Math.max(Math.abs(conserved), Math.abs(r.score));
  measured.set(key, worst / scale);
  assert.ok(worst <= TOL * scale, `conservation: off by ${(worst / scale).toExponential(2)} of max(|conserved|, |score|) at ${where}`);
}

const finite = (method: MethodName, params: MethodParams = {}, name: string = method): ZooCase => ({
  name,
  opsets: 'spellings',
  run: async (engine, m) => void (await explain(engine, m, method, params)),
});

export const ZOO_CASES: ZooCase[] = [
  {
    name: 'forward',
    opsets: 'all',
    // The engine's canonicalized graph (Softmax cut, opset raised, constants and BatchNorm folded, batch freed)
    // run by its own runner: all ten logits against torch's float64 ones.
    async run(_engine, m) {
      const c = await canonicalize(await loadGraph(readFileSync(m.path), m.path), m.input.dims);
      assertClose('forward logits', await runScores(c.graph, m.input.data, m.input.dims), m.logits64, `${m.id} forward`);
    },
  },
  {
    name: 'gradient',
    opsets: 'all',
    async run(engine, m) {
      const r = await explain(engine, m, 'gradient');
      assertClose('gradient vs torch float64', r.relevance.data, m.grad64, `${m.id} gradient`);
    },
  },
  {
    name: 'gradient-x-input',
    opsets: 'spellings',
    async run(engine, m) {
      const r = await explain(engine, m, 'gradient-x-input');
      assertClose('gradient x input vs torch float64', r.relevance.data, m.grad64.map((g, i) => g * m.input.data[i]), `${m.id} gradient-x-input`);
    },
  },
  finite('smoothgrad', { samples: 4 }),
  finite('integrated-gradients', { steps: 8 }),
  finite('guided-backprop'),
  finite('deconvnet'),
  finite('lrp'),
  finite('lrp', { composite: 'epsilon-plus-flat' }, 'lrp epsilon-plus-flat'),
  {
    name: 'lrp bias redistributed conserves',
    opsets: 'spellings',
    async run(engine, m) {
      const r = await explain(engine, m, 'lrp', { bias: 'redistribute' });
      await assertConserves(r, m, r.score, `${m.id} lrp conservation`);
    },
  },
  finite('taylor'),
  finite('deep-taylor'),
  finite('cam'),
  finite('grad-cam'),
  finite('guided-grad-cam'),
  finite('occlusion', { patch: 8, stride: 8 }),
  ...(['rescale', 'revealcancel'] as const).map(
    (rule): ZooCase => ({
      name: `deeplift ${rule} conserves`,
      opsets: 'spellings',
      async run(engine, m) {
        const r = await explain(engine, m, 'deeplift', { deeplift: rule, baseline: { kind: 'zero' } });
        await assertConserves(r, m, r.conserved!, `${m.id} deeplift ${rule} conservation`);
      },
    }),
  ),
];
