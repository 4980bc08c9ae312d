/**
 * External data (issue 18): weights saved beside the model by torch.onnx / Optimum are read from the model's
 * folder and give exactly the embedded file's relevance; a location leaving that folder (absolute, `..`, a
 * symlink out) is refused, the path-traversal class of onnx's CVE-2024-27318.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { onnx } from 'onnx-proto';
import { Engine } from '../../../src/engine/engine';
import { ModelSessions } from '../../../src/engine/modelSessions';
import { ExplainError } from '../../../src/errors';
import { fixture } from '../../helpers/fixtures';
import { RESNET_MINI, modelFile, seededInput } from '../../helpers/models';

const EXTERNAL = fixture('sources', 'external', 'resnet_mini.onnx');
const tmp = mkdtempSync(join(tmpdir(), 'explain-external-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The fixture's model proto with every external tensor's location replaced by `location`. */
function relocated(location: string): Uint8Array {
  const m = onnx.ModelProto.decode(readFileSync(EXTERNAL));
  for (const t of m.graph!.initializer!) {
    for (const e of t.externalData ?? []) if (e.key === 'location') e.value = location;
  }
  return onnx.ModelProto.encode(m).finish();
}

async function gradientOf(path: string, input: Float32Array) {
  const engine = new Engine();
  try {
    return await engine.explain({ model: { path }, image: { tensor: { data: input, dims: [1, 3, 64, 64] } }, method: 'gradient', target: 3 });
  } finally {
    await engine.clearCache();
  }
}

async function refusal(bytes: Uint8Array, dir: string): Promise<ExplainError> {
  try {
    await ModelSessions.load(bytes, join(dir, 'model.onnx'), async () => bytes, { modelDir: dir });
  } catch (e) {
    assert.ok(e instanceof ExplainError, String(e));
    return e;
  }
  assert.fail('the model was loaded');
}

describe('external data', () => {
  it('the fixture really keeps its weights outside: the .onnx alone is 8% of the embedded file', () => {
    const m = onnx.ModelProto.decode(readFileSync(EXTERNAL));
    const external = m.graph!.initializer!.filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL);
    assert.ok(external.length >= 10, `${external.length} external tensors`);
    assert.ok(readFileSync(EXTERNAL).length < 0.1 * readFileSync(modelFile(RESNET_MINI)).length);
  });

  it('explains exactly as the embedded model does, and says where the weights came from', async () => {
    const input = seededInput(3 * 64 * 64, 18, -2, 2);
    const [ext, embedded] = [await gradientOf(EXTERNAL, input), await gradientOf(modelFile(RESNET_MINI), input)];
    assert.equal(ext.score, embedded.score);
    assert.deepEqual(ext.relevance.data, embedded.relevance.data);
    assert.ok(ext.notes.some((n) => n.includes('"resnet_mini.onnx.data" beside the model')), ext.notes.join('\n'));
  });

  it('reads the data file again for another input size once the loaded graph let its weights go', async () => {
    const bytes = readFileSync(EXTERNAL);
    let reads = 0;
    const s = await ModelSessions.load(bytes, EXTERNAL, async () => (reads++, bytes), { modelDir: fixture("sources", "external") });
    await s.forSize([1, 3, 64, 64]);
    const large = [...s.loaded.graph.inits.values()].filter((t) => t.data.length >= 16384);
    assert.equal(large.length, 0, 'the loaded graph still holds its large weights');
    await s.forSize([1, 3, 48, 48]);
    assert.equal(reads, 1);
    await s.release();
  });

  it('refuses an absolute location, naming the tensor and the path', async () => {
    const dir = mkdtempSync(join(tmp, 'abs-'));
    const e = await refusal(relocated(fixture('sources', 'external', 'resnet_mini.onnx.data')), dir);
    assert.equal(e.code, 'UNSUPPORTED_MODEL');
    assert.match(e.message, /is an absolute path/);
    assert.match(e.message, /resnet_mini\.onnx\.data/);
  });

  it('refuses a location that climbs out of the folder with ..', async () => {
    const dir = join(mkdtempSync(join(tmp, 'up-')), 'model');
    mkdirSync(dir);
    copyFileSync(fixture('sources', 'external', 'resnet_mini.onnx.data'), join(dir, '..', 'weights.data'));
    for (const location of ['../weights.data', 'sub/../../weights.data']) {
      const e = await refusal(relocated(location), dir);
      assert.match(e.message, /leaves the model's folder/, location);
    }
  });

  it('refuses a symlink beside the model that points out of its folder', async () => {
    const root = mkdtempSync(join(tmp, 'link-'));
    const dir = join(root, 'model');
    mkdirSync(dir);
    copyFileSync(fixture('sources', 'external', 'resnet_mini.onnx.data'), join(root, 'secret.data'));
    symlinkSync(join(root, 'secret.data'), join(dir, 'weights.data'));
    const e = await refusal(relocated('weights.data'), dir);
    assert.match(e.message, /is a link to .*secret\.data, outside the model's folder/);
    // A link that stays inside the folder is only another name.
    copyFileSync(fixture('sources', 'external', 'resnet_mini.onnx.data'), join(dir, 'real.data'));
    symlinkSync(join(dir, 'real.data'), join(dir, 'alias.data'));
    const bytes = relocated('alias.data');
    const s = await ModelSessions.load(bytes, join(dir, 'model.onnx'), async () => bytes, { modelDir: dir });
    await s.release();
  });

  it('a missing or truncated data file is a clear error, not a crash', async () => {
    const dir = mkdtempSync(join(tmp, 'missing-'));
    const missing = await refusal(relocated('resnet_mini.onnx.data'), dir);
    assert.equal(missing.code, 'MODEL_NOT_FOUND');
    assert.match(missing.message, /is not beside the model/);
    writeFileSync(join(dir, 'resnet_mini.onnx.data'), readFileSync(fixture('sources', 'external', 'resnet_mini.onnx.data')).subarray(0, 1000));
    const short = await refusal(relocated('resnet_mini.onnx.data'), dir);
    assert.match(short.message, /truncated/);
  });

  it('a model given as bytes alone cannot have external data', async () => {
    const bytes = readFileSync(EXTERNAL);
    await assert.rejects(ModelSessions.load(bytes, 'given.onnx', async () => bytes), /the model was given without its folder/);
  });
});
