import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resizeBilinear } from '../../src/render/resizeBilinear';
import { fixture } from '../helpers/fixtures';
import { readNpz } from '../helpers/npz';

test('matches the references\' Grad-CAM upsampling (bilinear, align_corners=false)', () => {
  for (const reference of ['squeezenet__winml_fish_224__t0', 'mnist__mnist_wonnx_0_28__t0', 'resnet_mini__astronaut_64__t7']) {
    const arrays = readNpz(fixture('reference', `${reference}.npz`));
    const coarse = arrays.get('gradcam_last_conv_output');
    const expected = arrays.get('gradcam_last_conv_output_upsampled');
    assert.ok(coarse && expected);
    const [h, w] = coarse.shape;
    const [H, W] = expected.shape;
    const up = resizeBilinear({ data: coarse.data, width: w, height: h }, W, H);
    assert.deepEqual([up.width, up.height, up.data.length], [W, H, W * H]);
    const peak = Math.max(...expected.data);
    for (let i = 0; i < up.data.length; i++) {
      assert.ok(Math.abs(up.data[i] - expected.data[i]) <= 1e-5 * peak, `${reference} at ${i}: ${up.data[i]} vs ${expected.data[i]}`);
    }
  }
});

test('the same size is the identity, and a 1x2 map upsamples with clamped edges', () => {
  const data = Float32Array.from({ length: 12 }, (_, i) => i * i);
  assert.deepEqual(resizeBilinear({ data, width: 4, height: 3 }, 4, 3).data, data);
  const up = resizeBilinear({ data: new Float32Array([0, 4]), width: 2, height: 1 }, 4, 1);
  assert.deepEqual(Array.from(up.data), [0, 1, 3, 4]);
});
