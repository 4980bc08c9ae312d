/**
 * Hand-built networks written as model files in a temporary folder, with one engine to explain them; the
 * folder and the engine's sessions go when the test file ends.
 */
import { after } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { encodeModel } from '../../src/onnx/encode';
import type { ConstTensor, IRNode } from '../../src/onnx/ir';
import { graph } from './ir';

export function tempModels(prefix: string): {
  engine: Engine;
  model(dims: number[], nodes: IRNode[], output: string, inits: Record<string, ConstTensor>): string;
} {
  const engine = new Engine();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(async () => {
    await engine.clearCache();
    rmSync(dir, { recursive: true, force: true });
  });
  let count = 0;
  return {
    engine,
    model(dims, nodes, output, inits) {
      const path = join(dir, `net${count++}.onnx`);
      writeFileSync(path, encodeModel(graph({ opset: 17, input: ['x', dims], output, nodes, inits })));
      return path;
    },
  };
}
