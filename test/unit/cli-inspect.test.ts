/**
 * `explain inspect` as a user runs it (issue 18): the model's declared inputs, outputs, opset and producer as the
 * file's own protobuf says (read here with onnx-proto, not the engine's decoder), the ops on the path, every
 * method with whether it can run (an op without a backward rule makes the gradient methods refuse, naming it, while
 * occlusion still runs), the configuration with each field's source, and the preset table. Bad input exits with
 * status 2 and one line. Needs the compiled CLI (out/src).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { onnx } from 'onnx-proto';
import { METHODS } from '../../src/methods';
import { PRESET_NAMES } from '../../src/preprocess/presets';
import { encodeModel } from '../../src/onnx/encode';
import { runCli } from '../helpers/cli';
import { fixture } from '../helpers/fixtures';
import { sinModel } from '../helpers/ir';
import { MNIST, SQUEEZENET_FP32, modelFile } from '../helpers/models';

const tmp = mkdtempSync(join(tmpdir(), 'explain-inspect-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const cli = (args: string[]) => runCli(args, tmp);

// SqueezeNet without its sidecar, as downloaded.
const SQUEEZENET = join(tmp, 'squeezenet.onnx');
copyFileSync(SQUEEZENET_FP32, SQUEEZENET);
const FISH = fixture('images', 'winml_fish_224.png');

// x -> Sin -> GlobalAveragePool -> Flatten: no backward rule for Sin.
const SIN = join(tmp, 'sin.onnx');
writeFileSync(SIN, encodeModel(sinModel()));

const NOT_ONNX = join(tmp, 'notes.onnx');
writeFileSync(NOT_ONNX, 'these are notes, not a protobuf\n');

describe('explain inspect', { concurrency: 2 }, () => {
  test('SqueezeNet without configuration: file facts, path, methods, guessed configuration, preset table', async () => {
    const run = await cli(['inspect', SQUEEZENET, FISH]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const file = onnx.ModelProto.decode(readFileSync(SQUEEZENET));
    const out = run.stdout;
    assert.match(out, new RegExp(`opset ${file.opsetImport[0].version} `));
    assert.match(out, new RegExp(`producer ${file.producerName}`));
    const input = file.graph!.input!.find((v) => !file.graph!.initializer!.some((t) => t.name === v.name))!;
    const dims = input.type!.tensorType!.shape!.dim!.map((d) => d.dimValue);
    assert.match(out, new RegExp(`Inputs:\\n  ${input.name}  float32 \\[${dims.join(', ')}\\]`));
    for (const o of file.graph!.output!) assert.match(out, new RegExp(`\\n  ${o.name}  float32 \\[`));
    const convs = file.graph!.node!.filter((n) => n.opType === 'Conv').length;
    assert.match(out, new RegExp(`Conv x${convs}, Relu x${convs}`));
    for (const m of METHODS) assert.match(out, new RegExp(`\\n  ${m.name.replace(/[+]/g, '\\+')} +yes\\n`), m.name);
    assert.match(out, /Configuration: none found \(nothing describes the preprocessing: it is a guess\)/);
    assert.match(out, /\n  layout +"NCHW"  \(the model's input shape\)/);
    assert.match(out, /\n  mean +\[0,0,0\]  \(default\)/);
    assert.match(out, /Labels: assumed from the 1000 outputs/);
    assert.match(out, /Presets tried on .*winml_fish_224\.png \(1 forward run\)/);
    for (const p of PRESET_NAMES.filter((n) => n !== 'mnist')) assert.match(out, new RegExp(`\\n  ${p} +\\d+ `), p);
    assert.match(out, /\n  raw-bgr +0 tench +73\.\d%  <- suggested\n/);
    assert.equal(out.match(/<- suggested/g)?.length, 1);
  });

  test('without an image the bundled photo is used; a configured model shows its sidecar as the source', async () => {
    const run = await cli(['inspect', modelFile(MNIST)]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Configuration: .*mnist_cntk_winml\.explain\.json\n/);
    assert.match(run.stdout, /\n  channels +"gray"  \(mnist_cntk_winml\.explain\.json\)/);
    assert.match(run.stdout, /Presets tried on .*media\/samples\/kitten\.png/);
    assert.match(run.stdout, /\n  mnist +\d+ \S+ +\d+\.\d%  <- suggested/);
  });

  test('an op without a backward rule: the path names it, gradient methods say why not, occlusion runs', async () => {
    const run = await cli(['inspect', SIN, FISH]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Sin \(NO backward rule\), GlobalAveragePool/);
    assert.match(run.stdout, /\n  gradient +no: .*Unsupported op Sin.*"sin_node"/);
    assert.match(run.stdout, /\n  occlusion +yes\n/);
  });

  const ERRORS: { name: string; args: string[]; says: RegExp }[] = [
    { name: 'a missing model file', args: ['inspect', join(tmp, 'absent.onnx')], says: /^explain: Model file not found: .*absent\.onnx$/ },
    { name: 'a text file named .onnx', args: ['inspect', NOT_ONNX], says: /^explain: .*notes\.onnx is not an ONNX model/ },
    { name: 'a missing image', args: ['inspect', SQUEEZENET, join(tmp, 'nope.png')], says: /^explain: Image not found: .*nope\.png$/ },
    { name: 'no model', args: ['inspect'], says: /^explain: explain inspect takes a model and at most one image \(got 0/ },
    { name: 'an unknown option', args: ['inspect', SQUEEZENET, '--verbos'], says: /^explain: Unknown option --verbos for explain inspect; did you mean --verbose\?/ },
  ];
  for (const { name, args, says } of ERRORS) {
    test(`${name}: status 2 and one clear line`, async () => {
      const run = await cli(args);
      assert.equal(run.status, 2, run.stderr);
      const lines = run.stderr.split('\n').filter((l) => l);
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0], says);
      assert.equal(run.stdout, '');
    });
  }

  test('--help', async () => {
    const run = await cli(['inspect', '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: explain inspect <model\.onnx\|config\.json> \[image\]/);
  });
});
