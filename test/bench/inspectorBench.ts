/**
 * Issue 16's aim: a model opens in the inspector in under 2 s, ResNet-50's 100 MB included. Measures what the
 * inspector waits for before it can draw: the engine reading the file and describing it without decoding its
 * weights (src/inspect/structure.ts), and the box graph with dagre's layout of it (webview/model), median of 5.
 * The model inspector's method checks (every method's graph compiled) come after the drawing, and are timed apart.
 * Usage: node out/test/bench/inspectorBench.js [model.onnx ...]   (default: the fixtures' SqueezeNet and ResNet-18;
 * a ResNet-50 to try: torchvision.models.resnet50() exported with torch.onnx.export, 102 MB)
 */
import { Engine } from '../../src/engine/engine';
import { boxGraph } from '../../webview/model/graphBlocks';
import { layoutGraph } from '../../webview/model/graphLayout';
import { fixture } from '../helpers/fixtures';

const AIM_MS = 2000;
const REPEATS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const models = process.argv.length > 2 ? process.argv.slice(2) : [fixture('models', 'squeezenet1.1_winml_fp32.onnx'), fixture('models', 'resnet18_224.onnx')];
  const engine = new Engine();
  const rows = [['model', 'nodes', 'boxes', 'read + describe ms', 'layout ms', 'total ms', 'aim', 'method checks ms']];
  for (const model of models) {
    const describe: number[] = [];
    const lay: number[] = [];
    let nodes = 0;
    let boxes = 0;
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      const s = await engine.structure(model);
      const t1 = performance.now();
      const g = boxGraph(s.graph);
      layoutGraph(g, g.boxes.map((b) => (g.collapsed ? [b.label, b.detail] : [b.label])));
      describe.push(t1 - t0);
      lay.push(performance.now() - t1);
      nodes = s.graph.nodes.length;
      boxes = g.boxes.length;
    }
    const t = performance.now();
    await engine.report({ path: model });
    const checks = performance.now() - t;
    await engine.clearCache();
    const total = median(describe) + median(lay);
    rows.push([model.split('/').pop()!, String(nodes), String(boxes), median(describe).toFixed(0), median(lay).toFixed(0), total.toFixed(0), `${total <= AIM_MS ? 'met' : 'missed'} (<= ${AIM_MS} ms)`, checks.toFixed(0)]);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  for (const r of rows) console.log(r.map((c, j) => c.padEnd(widths[j])).join('  '));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
