/** Every failure comes back as a clear message with an action, and the extension keeps working. */
import * as assert from 'assert';
import * as path from 'path';
import { Commands } from '../../../extension/ids';
import { writeCorruptImage, writeNotOnnx, writeUnsupportedOpModel, UNSUPPORTED_OP } from './fixtures';
import { api, failed, ok, resetSettings, run, sampleImage, setSetting, workspaceDir } from './helpers';

describe('failures', () => {
  before(api);
  afterEach(resetSettings);

  it('a corrupt image: IMAGE_UNREADABLE, with "Choose Another Image..."', async () => {
    const outcome = failed(await run(Commands.explain, writeCorruptImage(workspaceDir())));
    assert.strictEqual(outcome.code, 'IMAGE_UNREADABLE', outcome.message);
    assert.match(outcome.message, /corrupt\.png: it is corrupt or not a PNG\./);
    assert.doesNotMatch(outcome.message, /Input buffer/, 'the decoder\'s own words stay in the details');
    assert.ok(outcome.actions.includes('Choose Another Image...'), outcome.actions.join());
  });

  it('a missing model: MODEL_NOT_FOUND naming the file, with "Select Model..." and "Open Settings"', async () => {
    await setSetting('model', 'models/missing.onnx');
    const outcome = failed(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    assert.strictEqual(outcome.code, 'MODEL_NOT_FOUND', outcome.message);
    assert.match(outcome.message, /missing\.onnx/);
    assert.deepStrictEqual(outcome.actions, ['Select Model...', 'Open Settings']);
  });

  it('a file that is not ONNX: NOT_ONNX, with "Select Model..."', async () => {
    await setSetting('model', path.basename(writeNotOnnx(workspaceDir())));
    const outcome = failed(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    assert.strictEqual(outcome.code, 'NOT_ONNX', outcome.message);
    assert.ok(outcome.actions.includes('Select Model...'));
  });

  it(`an unsupported op: UNSUPPORTED_OP naming ${UNSUPPORTED_OP}`, async () => {
    await setSetting('model', path.basename(writeUnsupportedOpModel(workspaceDir())));
    const outcome = failed(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
    assert.strictEqual(outcome.code, 'UNSUPPORTED_OP', outcome.message);
    assert.ok(outcome.message.includes(UNSUPPORTED_OP), outcome.message);
    assert.ok(outcome.actions.includes('Select Model...'));
  });

  it('still explains after all of these', async () => {
    ok(await run(Commands.explain, sampleImage('images/winml_kitten.png')));
  });
});
