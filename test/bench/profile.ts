/**
 * `npm run bench:profile -- <model> <method> [params JSON]`: where a method's compiled graph spends its time,
 * from onnxruntime's own per-node profile: kernel milliseconds per op type, and the convolutions split into the
 * forward part and the backward part, each as forward passes ("units"). The benchmark's ratios are bounded
 * below by the convolution units a method needs (forward + one adjoint: 2; z+ and gamma: 3; alpha-beta: 4);
 * this shows how far above that bound the rest (masks, ratios, reorders, max-pool scatter, records) puts them.
 * <model> is a file under test/fixtures/models (with its .explain.json) or a path; the image is the bench's.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { canonicalize, loadGraph } from '../../src/canonicalize';
import { SEED, compile } from '../../src/compile/compile';
import { plainForward } from '../../src/compile/forwardGraphs';
import { Engine } from '../../src/engine/engine';
import { graphMethodByName } from '../../src/methods';
import { encodeModel } from '../../src/onnx/encode';
import { SESSION_OPTIONS } from '../../src/onnx/runtime';
import type { IRGraph } from '../../src/onnx/ir';
import type { MethodName, MethodParams } from '../../src/protocol';
import { fixture } from '../helpers/fixtures';

const RUNS = 30;

interface Profile {
  wallMs: number;
  byOp: Map<string, number>;
  convForwardMs: number;
  convBackwardMs: number;
}

/** Median wall time and mean kernel time per op type over RUNS runs, from onnxruntime's profiler. */
async function profile(g: IRGraph, feeds: Record<string, ort.Tensor>): Promise<Profile> {
  const prefix = join(tmpdir(), `explain-profile-${process.pid}-${g.name.replace(/\W/g, '_')}`);
  const session = await ort.InferenceSession.create(encodeModel(g), { ...SESSION_OPTIONS, enableProfiling: true, profileFilePrefix: prefix, logSeverityLevel: 3 });
  for (let i = 0; i < 5; i++) await session.run(feeds);
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    wall.push(performance.now() - t0);
  }
  session.endProfiling();
  await session.release();
  // onnxruntime appends a timestamp to the prefix; the node binding does not return the file's name.
  const dir = tmpdir();
  const file = join(dir, readdirSync(dir).find((f) => join(dir, f).startsWith(prefix) && f.endsWith('.json'))!);
  const events = JSON.parse(readFileSync(file, 'utf8')) as { cat: string; name: string; dur: number; args: { op_name?: string } }[];
  rmSync(file);
  const byOp = new Map<string, number>();
  let convForwardMs = 0;
  let convBackwardMs = 0;
  const runs = RUNS + 5;
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !e.args.op_name) continue;
    const ms = e.dur / 1000 / runs;
    byOp.set(e.args.op_name, (byOp.get(e.args.op_name) ?? 0) + ms);
    // The compiler names every node it adds "explain/..."; the model's own nodes are the forward part.
    if (e.args.op_name === 'Conv') {
      if (e.name.startsWith('explain/')) convBackwardMs += ms;
      else convForwardMs += ms;
    }
  }
  wall.sort((a, b) => a - b);
  return { wallMs: wall[Math.floor(RUNS / 2)], byOp, convForwardMs, convBackwardMs };
}

async function main(): Promise<void> {
  const [modelArg = 'resnet18_224.onnx', method = 'lrp', paramsArg = '{}'] = process.argv.slice(2);
  const modelPath = modelArg.includes('/') ? modelArg : fixture('models', modelArg);
  const image = fixture('images', basename(modelPath).startsWith('resnet') ? 'astronaut_224.png' : 'winml_fish_224.png');
  const params = JSON.parse(paramsArg) as MethodParams;
  // The engine preprocesses the image as the product does and picks the target; the graphs are then built
  // the same way it builds them.
  const engine = new Engine();
  const result = await engine.explain({ model: { path: modelPath }, image: { path: image }, method: method as MethodName, params });
  const pre = (await engine.inspect({ path: modelPath })).config.input;
  await engine.clearCache();
  const loaded = await loadGraph(readFileSync(modelPath), modelPath);
  const canonical = await canonicalize(loaded, result.input.dims);
  const m = graphMethodByName(method as MethodName);
  const variant = m.graph({ ...m.defaults, ...params }, { pre, canonical, original: loaded.graph, removedNoOps: loaded.removedNoOps });
  const compiled = compile(canonical, variant.options);
  const x = new ort.Tensor('float32', result.input.data, result.input.dims);
  const seed = new Float32Array(compiled.classes);
  seed[result.target] = 1;
  const fwd = await profile(plainForward(canonical), { [compiled.inputName]: x });
  const run = await profile(compiled.graph, { [compiled.inputName]: x, [SEED]: new ort.Tensor('float32', seed, [1, compiled.classes]) });
  const fwdKernel = [...fwd.byOp.values()].reduce((a, b) => a + b, 0);
  const runKernel = [...run.byOp.values()].reduce((a, b) => a + b, 0);
  const unit = (ms: number) => `${ms.toFixed(2)} ms = ${(ms / fwdKernel).toFixed(2)} forward`;
  console.log(`${basename(modelPath)} ${method} ${paramsArg}`);
  console.log(`wall: forward ${fwd.wallMs.toFixed(1)} ms, method ${run.wallMs.toFixed(1)} ms (${(run.wallMs / fwd.wallMs).toFixed(2)}x)`);
  console.log(`kernels: forward ${fwdKernel.toFixed(2)} ms, method ${unit(runKernel)}`);
  console.log(`  convolutions: forward part ${unit(run.convForwardMs)}, compiler's (modified forwards, adjoints) ${unit(run.convBackwardMs)}`);
  console.log(`  everything else ${unit(runKernel - run.convForwardMs - run.convBackwardMs)}:`);
  for (const [op, ms] of [...run.byOp].sort((a, b) => b[1] - a[1])) if (op !== 'Conv' && ms >= 0.05) console.log(`    ${op.padEnd(20)} ${ms.toFixed(2)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
