import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { exportFileName, exportStem, fileSafe, neuronExport, neuronExportKind, neuronFileName, validNeuron } from '../../../extension/panel/exportFiles';
import { decodeNpy } from '../../../src/io/npy';
import { relevanceToRgba } from '../../../src/render/colormap';
import { OUTSIDE_BRIGHTNESS } from '../../../src/render/onOriginal';
import { resizeBilinear } from '../../../src/render/resizeBilinear';

const stem = exportStem('/w/images/winml_fish.png', { method: 'lrp', target: 7 });

test('exports are named after the image, method and class; a neuron\'s also after its layer and channel', () => {
  assert.equal(stem, 'winml_fish-lrp-class7');
  assert.equal(exportFileName(stem, 'csv'), 'winml_fish-lrp-class7-layers.csv');
  assert.equal(exportFileName(stem, 'overlay'), 'winml_fish-lrp-class7-overlay.png');
  assert.equal(neuronFileName(stem, { layer: 'conv1_1', channel: 12 }, 'overlay'), 'winml_fish-lrp-class7-conv1_1-ch12-overlay.png');
  assert.equal(neuronFileName(stem, { layer: 'conv1_1', channel: 0 }, 'heatmap'), 'winml_fish-lrp-class7-conv1_1-ch0-heatmap.png');
  assert.equal(neuronFileName(stem, { layer: 'fire2/squeeze1x1_1', channel: 3 }, 'npy'), 'winml_fish-lrp-class7-fire2_squeeze1x1_1-ch3-values.npy');
});

test('layer names become file-name safe: no folders, no odd characters, never empty', () => {
  assert.equal(fileSafe('/features/0/Conv_output_0'), 'features_0_Conv_output_0');
  assert.equal(fileSafe('../../etc/passwd'), 'etc_passwd');
  assert.equal(fileSafe('a:b*c?"d<e>|f g'), 'a_b_c_d_e_f_g');
  assert.equal(fileSafe('///'), 'layer');
  assert.equal(fileSafe('x'.repeat(300)).length, 80);
});

const layers = [
  { name: 'conv', shape: [1, 2, 2, 3] },
  { name: 'fc', shape: [1, 10] },
] as Parameters<typeof validNeuron>[0]['layers'];

test('the view\'s neuron is checked against the result: a channel of a feature map it has', () => {
  assert.deepEqual(validNeuron({ layers }, { layer: 'conv', channel: 1, extra: 1 }), { layer: 'conv', channel: 1 });
  assert.equal(validNeuron({ layers }, { layer: 'conv', channel: 2 }), undefined, 'no third channel');
  assert.equal(validNeuron({ layers }, { layer: 'conv', channel: 0.5 }), undefined);
  assert.equal(validNeuron({ layers }, { layer: 'fc', channel: 0 }), undefined, 'units of a vector have no map');
  assert.equal(validNeuron({ layers }, { layer: 'other', channel: 0 }), undefined);
  assert.equal(validNeuron({ layers }, 'conv'), undefined);
  assert.equal(neuronExportKind('npy'), 'npy');
  assert.equal(neuronExportKind('../x'), undefined);
});

// Two channels of a 2x3 layer map; the image is 4x6.
const layerMap = { data: Float32Array.from([0, 1, 2, 3, 4, 5, -1, -2, -3, 1, 2, 3]), dims: [2, 2, 3] };
const image = { data: new Uint8Array(6 * 4 * 3).fill(128), width: 6, height: 4 };
const display = { picture: 'overlay' as const, opacity: 1, colormap: 'signed' as const, percentile: 100, sharedScale: true };

test('a neuron\'s values are its channel at the layer\'s resolution, float32 [h, w]', async () => {
  const npy = decodeNpy(await neuronExport(layerMap, 1, image, 'npy', display));
  assert.deepEqual(npy.shape, [2, 3]);
  assert.deepEqual(Array.from(npy.data), [-1, -2, -3, 1, 2, 3]);
});

test('a neuron\'s pictures are its map as the view draws it: upsampled to the image, coloured as chosen', async () => {
  const png = await neuronExport(layerMap, 1, image, 'heatmap', display);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [6, 4]);
  const drawn = resizeBilinear({ data: Float32Array.from([-1, -2, -3, 1, 2, 3]), width: 3, height: 2 }, 6, 4);
  assert.deepEqual(new Uint8Array(data), new Uint8Array(relevanceToRgba(drawn, { mode: 'signed', percentile: 100 })));
  const overlay = await neuronExport(layerMap, 1, image, 'overlay', { ...display, opacity: 0 });
  const plain = await sharp(overlay).raw().toBuffer();
  assert.ok(plain.every((v, i) => (i % 4 === 3 ? v === 255 : v === 128)), 'opacity 0 leaves the image as it is');
});

test('the overlay is saved as the view draws it: on the original through the crop, the cut-away part dimmed', async () => {
  // The 6x4 input is the middle of a 12x4 original, not resized: 3 columns cut away on each side.
  const original = { data: new Uint8Array(12 * 4 * 3).fill(200), width: 12, height: 4 };
  const geometry = { sourceWidth: 12, sourceHeight: 4, resizedWidth: 12, resizedHeight: 4, left: 3, top: 0, width: 6, height: 4 };
  const overlay = await neuronExport(layerMap, 1, image, 'overlay', { ...display, opacity: 0 }, { geometry, original });
  const { data, info } = await sharp(overlay).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [12, 4], 'the original\'s size');
  for (let p = 0; p < 48; p++) {
    const inside = p % 12 >= 3 && p % 12 < 9;
    assert.equal(data[p * 4], inside ? 200 : Math.round(200 * OUTSIDE_BRIGHTNESS), `pixel ${p % 12},${Math.floor(p / 12)}`);
  }
});
