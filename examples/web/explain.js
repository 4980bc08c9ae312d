// The page's logic: load the exported explanation, turn a dropped image into the graph's `image` input
// (stretched to the model's size: resizing stays outside the graph), run it, and draw the relevance over the
// image, red for evidence for the class, blue against. The graph does the preprocessing, the backward pass
// and the target's argmax; this file only moves pixels.
/* global ort */
'use strict';

ort.env.wasm.wasmPaths = new URL('../../node_modules/onnxruntime-web/dist/', document.baseURI).href;
// One thread: several need a cross-origin-isolated page (COOP/COEP headers), which a plain file host does not send.
ort.env.wasm.numThreads = 1;

const status = document.getElementById('status');
const canvas = document.getElementById('overlay');
let session;

function say(text, state) {
  status.textContent = text;
  status.dataset.state = state;
}

async function loadModel(bytes) {
  session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const image = session.inputMetadata.find((m) => m.name === 'image');
  if (!image) throw new Error('This model takes no "image" input: export it with --export-preprocess.');
  const [, height, width, channels] = image.shape;
  say(`Model loaded: ${width}x${height} pixels, ${channels === 1 ? 'gray' : 'RGB'}. Drop an image.`, 'ready');
}

/** The model's input size and channel count, from its `image` input [N, H, W, C]. */
function inputSize() {
  const [, height, width, channels] = session.inputMetadata.find((m) => m.name === 'image').shape;
  return { height, width, channels };
}

/**
 * Runs the graph on 8-bit pixels (RGB, or gray for a gray model, row by row) of the model's size. Returns
 * the class explained (the top one: target -1), the logits and the relevance with its dims.
 */
async function explainPixels(pixels) {
  const { height, width, channels } = inputSize();
  const feeds = {
    image: new ort.Tensor('uint8', Uint8Array.from(pixels), [1, height, width, channels]),
    target: new ort.Tensor('int64', BigInt64Array.of(-1n), [1]),
  };
  // Methods with a reference input (integrated gradients, DeepLIFT, Taylor) take it as `baseline`; zeros here.
  const base = session.inputMetadata.find((m) => m.name === 'baseline');
  if (base) feeds.baseline = new ort.Tensor('float32', new Float32Array(base.shape.slice(1).reduce((a, b) => a * b, 1)), [1, ...base.shape.slice(1)]);
  const out = await session.run(feeds);
  return { explainedClass: Number(out.explained_class.data[0]), logits: Array.from(out.logits.data), relevance: Array.from(out.relevance.data), dims: out.relevance.dims };
}

/** Per pixel, the relevance summed over channels (the input's layout read off the relevance's dims). */
function pixelMap(relevance, dims, width, height) {
  const map = new Float32Array(width * height);
  const channelsFirst = dims[2] === height && dims[3] === width;
  const channels = channelsFirst ? dims[1] : dims[3];
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < width * height; p++) map[p] += relevance[channelsFirst ? c * width * height + p : p * channels + c];
  }
  return map;
}

function drawOverlay(rgba, map, width, height) {
  canvas.width = width;
  canvas.height = height;
  const scale = map.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  const out = new ImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    const v = map[p] / scale;
    const a = Math.min(1, Math.abs(v) * 1.5);
    const tint = v > 0 ? [230, 30, 30] : [30, 60, 230];
    for (let k = 0; k < 3; k++) out.data[p * 4 + k] = Math.round((1 - a) * rgba[p * 4 + k] * 0.6 + a * tint[k]);
    out.data[p * 4 + 3] = 255;
  }
  canvas.getContext('2d').putImageData(out, 0, 0);
}

async function explainFile(file) {
  const { height, width, channels } = inputSize();
  const bitmap = await createImageBitmap(file);
  const draw = new OffscreenCanvas(width, height).getContext('2d');
  draw.drawImage(bitmap, 0, 0, width, height);
  const rgba = draw.getImageData(0, 0, width, height).data;
  const pixels = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    if (channels === 1) pixels[p] = Math.round(0.299 * rgba[p * 4] + 0.587 * rgba[p * 4 + 1] + 0.114 * rgba[p * 4 + 2]);
    else for (let k = 0; k < 3; k++) pixels[p * 3 + k] = rgba[p * 4 + k];
  }
  say('Explaining...', 'running');
  const t0 = performance.now();
  const r = await explainPixels(pixels);
  drawOverlay(rgba, pixelMap(r.relevance, r.dims, width, height), width, height);
  say(`Class ${r.explainedClass} (logit ${r.logits[r.explainedClass].toFixed(3)}), explained in ${(performance.now() - t0).toFixed(0)} ms.`, 'done');
}

async function take(file) {
  try {
    if (file.name.endsWith('.onnx')) await loadModel(new Uint8Array(await file.arrayBuffer()));
    else if (!session) say('Load an exported .onnx first.', 'error');
    else await explainFile(file);
  } catch (e) {
    say(`Error: ${e.message}`, 'error');
  }
}

const drop = document.getElementById('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  for (const f of e.dataTransfer.files) void take(f);
});
document.getElementById('file').addEventListener('change', (e) => { for (const f of e.target.files) void take(f); });

// For scripts and tests: the same run on pixels given directly.
window.explainPixels = explainPixels;

const modelUrl = new URLSearchParams(location.search).get('model') ?? 'explained.onnx';
fetch(modelUrl)
  .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${modelUrl}: HTTP ${r.status}; drop an exported .onnx instead.`))))
  .then((b) => loadModel(new Uint8Array(b)))
  .catch((e) => say(`No model yet (${e.message})`, 'no-model'));
