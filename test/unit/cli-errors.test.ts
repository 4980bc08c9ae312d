/**
 * The CLI as a user meets it: `node bin/explain.js ...` in a child process. Anything the user can fix exits
 * with status 2 and exactly one line on stderr, "explain: <what is wrong>", without a stack unless --verbose,
 * and leaves no --out folder behind. One success run checks every file the CLI writes.
 * Needs the compiled CLI (out/src, as `npx tsc -p .` writes it).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { decodeNpy } from '../../src/io/npy';
import { encodeModel } from '../../src/onnx/encode';
import type { IRGraph } from '../../src/onnx/ir';
import { runCli } from '../helpers/cli';
import { fixture } from '../helpers/fixtures';
import { MNIST, MNIST_REF, modelFile, reference, relDiff } from '../helpers/models';

const MNIST_PNG = fixture('images', 'winml_mnist_28.png');
const MNIST_MODEL = modelFile(MNIST); // with its sidecar mnist_cntk_winml.explain.json

const tmp = mkdtempSync(join(tmpdir(), 'explain-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(args, tmp);

// --- inputs the user gets wrong -------------------------------------------------------------------------

const textPng = join(tmp, 'notes.png');
writeFileSync(textPng, 'these are notes, not pixels\n');
const truncatedPng = join(tmp, 'truncated.png');
const png = readFileSync(MNIST_PNG);
writeFileSync(truncatedPng, png.subarray(0, Math.floor(png.length / 2)));
const textOnnx = join(tmp, 'model.onnx');
writeFileSync(textOnnx, 'not a protobuf at all\n');
const wideConfig = join(tmp, 'wide.explain.json');
writeFileSync(wideConfig, JSON.stringify({ model: MNIST_MODEL, input: { width: 100 } }));

// A model with an op the engine has no backward rule for, on the path: x -> Erf -> GlobalAveragePool -> Flatten.
const sinModel = join(tmp, 'sin.onnx');
const sinGraph: IRGraph = {
  name: 'sin',
  opset: 17,
  inputs: [{ name: 'x', type: 'float32', dims: [1, 1, 8, 8] }],
  outputs: [{ name: 'score', type: 'float32', dims: [] }],
  inits: new Map(),
  nodes: [
    { name: 'sin_node', opType: 'Sin', domain: '', inputs: ['x'], outputs: ['e'], attrs: {} },
    { name: 'gap', opType: 'GlobalAveragePool', domain: '', inputs: ['e'], outputs: ['p'], attrs: {} },
    { name: 'flat', opType: 'Flatten', domain: '', inputs: ['p'], outputs: ['score'], attrs: { axis: { type: 'int', value: 1 } } },
  ],
};
writeFileSync(sinModel, encodeModel(sinGraph));
writeFileSync(join(tmp, 'sin.explain.json'), JSON.stringify({ model: 'sin.onnx', input: { channels: 'gray', width: 8, height: 8 } }));

const CASES: { name: string; args: string[]; says: RegExp[] }[] = [
  { name: 'missing image file', args: [join(tmp, 'nope.png'), '--model', MNIST_MODEL], says: [/Image not found/, /nope\.png/] },
  { name: 'a text file named .png', args: [textPng, '--model', MNIST_MODEL], says: [/Cannot decode .*notes\.png: it is corrupt or not a PNG\.$/] },
  { name: 'a truncated PNG', args: [truncatedPng, '--model', MNIST_MODEL], says: [/Cannot decode .*truncated\.png: it is corrupt or not a PNG\.$/] },
  { name: 'missing model', args: [MNIST_PNG, '--model', join(tmp, 'absent.onnx')], says: [/Model file not found/, /absent\.onnx/] },
  { name: 'a text file named .onnx', args: [MNIST_PNG, '--model', textOnnx], says: [/model\.onnx is not an ONNX model/] },
  { name: 'an unsupported op on the path', args: [MNIST_PNG, '--model', sinModel], says: [/Unsupported op Sin/, /"sin_node"/, /Supported: /] },
  { name: 'a width the config cannot fix', args: [MNIST_PNG, '--model', wideConfig], says: [/input\.width = 100/, /width 28/] },
  { name: 'a bad --method', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'saliency-magic'], says: [/Unknown method "saliency-magic"/, /integrated-gradients/] },
  { name: 'a --steps that is no number', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'integrated-gradients', '--steps', 'many'], says: [/--steps must be a positive integer/, /"many"/] },
  { name: 'a --steps of 0', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'integrated-gradients', '--steps', '0'], says: [/--steps must be a positive integer \(got 0\)/] },
  // Node's parser calls a negative value "ambiguous" in three lines; the CLI checks it like --steps=-3.
  ...(['--steps', '--steps='] as const).map((form) => ({
    name: `a negative ${form === '--steps' ? '--steps -3' : '--steps=-3'}`,
    args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'integrated-gradients', ...(form === '--steps' ? ['--steps', '-3'] : ['--steps=-3'])],
    says: [/^explain: --steps must be a positive integer \(got -3\)\.$/],
  })),
  { name: 'a mistyped option', args: [MNIST_PNG, '--model', MNIST_MODEL, '--step', '3'], says: [/Unknown option --step; did you mean --steps\?/] },
  { name: 'an option nothing is close to', args: [MNIST_PNG, '--model', MNIST_MODEL, '--frobnicate'], says: [/Unknown option --frobnicate\. Run explain --help/] },
  { name: 'an option without its value', args: [MNIST_PNG, '--model', MNIST_MODEL, '--out'], says: [/--out needs a value/] },
  { name: 'an option followed by another', args: [MNIST_PNG, '--model', MNIST_MODEL, '--target', '--seed', '3'], says: [/--target needs a value/] },
  { name: 'a mistyped method', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'integrated-gradient'], says: [/Unknown method "integrated-gradient"; did you mean integrated-gradients\?/] },
  { name: 'a negative --target', args: [MNIST_PNG, '--model', MNIST_MODEL, '--target', '-1'], says: [/--target must be a whole number >= 0 \(got -1\)/] },
  { name: 'a fractional --samples', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'smoothgrad', '--samples', '2.5'], says: [/--samples must be a positive integer \(got 2\.5\)/] },
  { name: 'a --sigma that is no number', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'smoothgrad', '--sigma', 'lots'], says: [/--sigma must be a number >= 0 \(got "lots"\)/] },
  { name: 'a negative --epsilon', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'lrp', '--epsilon', '-1e-3'], says: [/--epsilon must be a number >= 0 \(got -1e-3\)/] },
  { name: 'a mistyped --integration', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'integrated-gradients', '--integration', 'trapezium'], says: [/--integration must be one of trapezoid, /, /did you mean trapezoid\?/] },
  { name: 'a mistyped --composite', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'lrp', '--composite', 'epsilon-plus-flats'], says: [/--composite must be one of /, /did you mean epsilon-plus-flat\?/] },
  { name: 'a --baseline that is neither a name nor a file', args: [MNIST_PNG, '--model', MNIST_MODEL, '--method', 'integrated-gradients', '--baseline', 'blak'], says: [/--baseline must be one of zero, black, blur, mean, noise or an image file \(got "blak"/, /did you mean black\?/] },
  { name: 'a --repeat of 0', args: [MNIST_PNG, '--model', MNIST_MODEL, '--repeat', '0'], says: [/--repeat must be a positive integer \(got 0\)/] },
  { name: 'a value for a flag', args: [MNIST_PNG, '--model', MNIST_MODEL, '--verbose=yes'], says: [/--verbose takes no value/] },
  { name: 'a mistyped --metrics', args: [MNIST_PNG, '--model', MNIST_MODEL, '--metrics', 'faithfullness'], says: [/--metrics must be one of faithfulness, randomization \(got "faithfullness"\); did you mean faithfulness\?/] },
  { name: 'a --removal without its metric', args: [MNIST_PNG, '--model', MNIST_MODEL, '--removal', 'road'], says: [/--removal sets the faithfulness metric: add --metrics faithfulness\./] },
  { name: 'a mistyped --removal', args: [MNIST_PNG, '--model', MNIST_MODEL, '--metrics', 'faithfulness', '--removal', 'raod'], says: [/--removal must be one of blur, zero, mean, noise, road/, /did you mean road\?/] },
];

const STACK_LINE = /^\s+at .+/m;

// Two CLIs at a time: each is a process with its own worker and onnxruntime.
describe('explain CLI: errors the user can fix', { concurrency: 2 }, () => {
  CASES.forEach(({ name, args, says }, i) => {
    test(`${name}: status 2, one "explain: " line, no --out folder; --verbose adds the stack`, async () => {
      const out = join(tmp, `out-${i}`);
      const outVerbose = join(tmp, `out-${i}-verbose`);
      const [plain, verbose] = await Promise.all([cli([...args, '--out', out]), cli([...args, '--out', outVerbose, '--verbose'])]);

      assert.equal(plain.status, 2, plain.stderr);
      const lines = plain.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, `exactly one line on stderr:\n${plain.stderr}`);
      assert.match(lines[0], /^explain: /);
      for (const re of says) assert.match(lines[0], re);
      assert.doesNotMatch(plain.stderr, STACK_LINE);
      assert.equal(plain.stdout, '');
      assert.equal(existsSync(out), false, 'no --out folder');

      assert.equal(verbose.status, 2, verbose.stderr);
      assert.equal(verbose.stderr.split('\n')[0], lines[0], 'the same first line');
      assert.match(verbose.stderr, STACK_LINE, `a stack with --verbose:\n${verbose.stderr}`);
      assert.equal(existsSync(outVerbose), false, 'no --out folder');
    });
  });
});

test('explain CLI: MNIST with its sidecar writes relevance, input, result and both PNGs', async () => {
  const out = join(tmp, 'mnist-out');
  const run = await cli([MNIST_PNG, '--model', MNIST_MODEL, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /^gradient: class 8 "8" score 22\.99/);
  assert.deepEqual(readdirSync(out).sort(), ['heatmap.png', 'input.npy', 'overlay.png', 'relevance.npy', 'result.json']);
  assert.ok(!readdirSync(tmp).some((f) => f.startsWith('.explain-tmp-')), 'no temporary folder left');

  const relevanceBytes = readFileSync(join(out, 'relevance.npy'));
  assert.match(relevanceBytes.subarray(0, 128).toString('latin1'), /'descr': '<f4'/, 'float32');
  const relevance = decodeNpy(relevanceBytes);
  assert.deepEqual(relevance.shape, [1, 1, 28, 28]);
  assert.ok(relevance.data.some((v) => v !== 0));
  const input = decodeNpy(readFileSync(join(out, 'input.npy')));
  assert.deepEqual(input.shape, [1, 1, 28, 28]);
  const ref = reference(MNIST_REF);
  assert.ok(relDiff(input.data, ref.input) <= 1e-6, 'the sidecar preprocessing is the reference one (pixel / 255)');

  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
  assert.equal(result.method, 'gradient');
  assert.equal(result.target, 8);
  assert.equal(result.label, '8');
  assert.ok(Math.abs(result.score - ref.logits[8]) <= 1e-4 * Math.abs(ref.logits[8]), `score ${result.score}`);
  const sum = relevance.data.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(result.relevanceSum - sum) <= 1e-4 * Math.max(1, Math.abs(sum)), `relevanceSum ${result.relevanceSum} vs ${sum}`);
  assert.equal(result.top.length, 5);
  assert.deepEqual(Object.keys(result.top[0]).sort(), ['index', 'label', 'probability', 'score']);
  assert.equal(result.top[0].index, 8);
  assert.ok(result.layers.length > 0);
  for (const l of result.layers) {
    assert.equal(typeof l.name, 'string');
    assert.equal(typeof l.op, 'string');
    assert.ok(Array.isArray(l.shape) && l.shape.every(Number.isInteger), l.name);
    assert.equal(typeof l.sum, 'number');
  }
  assert.ok(result.layers.some((l: { name: string }) => l.name === 'Plus214_Output_0'), 'layers carry the original tensor names');
  for (const k of ['forwardMs', 'compileMs', 'runMs']) assert.ok(typeof result.timings[k] === 'number' && result.timings[k] >= 0, k);

  for (const f of ['heatmap.png', 'overlay.png']) {
    const meta = await sharp(readFileSync(join(out, f))).metadata();
    assert.equal(meta.format, 'png', f);
    assert.equal(meta.width, 28, f);
    assert.equal(meta.height, 28, f);
  }
});

test('explain CLI: an option the method does not read is a warning, and the run goes on', async () => {
  const out = join(tmp, 'lrp-steps');
  const run = await cli([MNIST_PNG, '--model', MNIST_MODEL, '--method', 'lrp', '--steps', '3', '--layer', 'x', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 2, run.stderr);
  assert.match(lines[0], /^explain: warning: --steps does not apply to lrp, which reads --rule, --epsilon, --bias, --composite/);
  assert.match(lines[1], /^explain: warning: --layer does not apply to lrp/);
  assert.match(run.stdout, /^lrp: class 8/);
  // Options the method reads, and --chunk that every method's passes read, draw no warning.
  const quiet = await cli([MNIST_PNG, '--model', MNIST_MODEL, '--method', 'smoothgrad', '--samples', '2', '--seed', '3', '--chunk', '2', '--out', join(tmp, 'sg')]);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
});

test('explain CLI: --metrics faithfulness writes metrics.json and faithfulness.png and prints ABPC beside chance', async () => {
  const out = join(tmp, 'faithfulness');
  const run = await cli([MNIST_PNG, '--model', MNIST_MODEL, '--method', 'lrp', '--metrics', 'faithfulness', '--metric-patch', '4', '--removal', 'road', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^faithfulness \(road, 4 px patches, \d+ forwards in [\d.]+ s\): ABPC -?[\d.e+-]+ \(random orders -?[\d.e+-]+ \+- [\d.e+-]+\), AOPC/m);
  const { faithfulness } = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.equal(faithfulness.patch, 4);
  // 28x28 in 4 px patches: 49; 16 steps to half of them, then all.
  assert.equal(faithfulness.morf.fractions.length, 18);
  assert.equal(faithfulness.morf.fractions[17], 1);
  assert.equal(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).metrics.faithfulness.abpc, faithfulness.abpc);
  const png = await sharp(join(out, 'faithfulness.png')).metadata();
  assert.deepEqual([png.format, png.width, png.height], ['png', 480, 340]);
});

test('explain CLI: --metrics randomization writes its steps to metrics.json and draws randomization.png', async () => {
  const out = join(tmp, 'randomization');
  const run = await cli([MNIST_PNG, '--model', MNIST_MODEL, '--method', 'gradient', '--metrics', 'randomization', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^randomization \(3 layers, seed 0, [\d.]+ s\): Spearman \|R\| -?[\d.]+ with the top layer random, -?[\d.]+ with all; SSIM/m);
  const { randomization, faithfulness } = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.equal(faithfulness, undefined, 'only what was asked for');
  assert.equal(randomization.steps.length, 3);
  for (const s of randomization.steps) assert.deepEqual(Object.keys(s).sort(), ['layer', 'op', 'spearman', 'ssim']);
  assert.equal(typeof randomization.flagged, 'boolean');
  assert.equal((await sharp(join(out, 'randomization.png')).metadata()).format, 'png');
  assert.ok(!existsSync(join(out, 'faithfulness.png')));
});

test('explain CLI: --help shows --method as optional, with its default', async () => {
  const run = await cli(['--help']);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^Usage: explain <image> --model <model\.onnx\|config\.json> \[--method <name>\]/);
  assert.match(run.stdout, /--method <name> +the attribution method \(default gradient\)/);
});

test('explain CLI: --repeat 3 runs three times and writes first, min and median per phase', async () => {
  const out = join(tmp, 'repeat');
  const run = await cli([MNIST_PNG, '--model', MNIST_MODEL, '--repeat', '3', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^3 runs \(ms\): compile [\d.]+ cold/m);
  const { repeat, timings } = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
  assert.equal(repeat.runs, 3);
  for (const phase of ['compileMs', 'forwardMs', 'runMs', 'totalMs']) {
    const s = repeat[phase];
    assert.ok(s.min >= 0 && s.min <= s.median && s.median <= Math.max(s.first, s.median), `${phase}: ${JSON.stringify(s)}`);
  }
  // Cold compiles the graph; the warm runs find it in the engine's cache, which is what --repeat is for.
  assert.ok(repeat.compileMs.first > 0, 'the first run compiles');
  assert.equal(repeat.compileMs.min, 0, 'later runs reuse the compiled graph');
  assert.equal(timings.cached, true, 'the result written is a warm run');
});
