/** The CLI writes a black-box method's features as segmentation.npy ([H, W] feature indices), result.json their description. */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeResults } from '../../../../src/cli/writeResults';
import { decodeNpy } from '../../../../src/io/npy';
import { blackBoxModels } from '../../../helpers/blackbox';

const net = blackBoxModels('segmentation-file-');
const dir = mkdtempSync(join(tmpdir(), 'segmentation-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('writes segmentation.npy and describes it in result.json', async () => {
  const r = await net.explain('kernel-shap', { features: 'patch:4', samples: 30 });
  await writeResults(r, dir);
  const npy = decodeNpy(readFileSync(join(dir, 'segmentation.npy')));
  assert.deepEqual(npy.shape, [6, 6]);
  assert.deepEqual(Array.from(npy.data as Float32Array), Array.from(r.segmentation!.labels));
  const json = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  assert.deepEqual(json.segmentation, { count: 4, width: 6, height: 6, description: '4 patches of 4 x 4 px' });
});
