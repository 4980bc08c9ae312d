// Bundles the targets the extension ships: the extension host, the engine worker and the two webviews.
// Native addons (onnxruntime-node, sharp) and the VS Code API are loaded at run time, never bundled.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'onnxruntime-node', 'sharp'] };

const builds = [
  { ...node, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/worker/engineWorker.ts'], outfile: 'dist/worker.js' },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js' },
  // The model inspector (the .onnx custom editor), with dagre for its graph layout.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/inspector/main.ts'], outfile: 'dist/inspector.js' },
  // The Dataset view of an explained folder.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/dataset/main.ts'], outfile: 'dist/dataset.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
