/**
 * Files the failure tests need, written at run time into the workspace copy: a corrupt image, a file that
 * only claims to be ONNX, and a tiny valid ONNX classifier built on an op no attribution method supports.
 */
import * as fs from 'fs';
import * as path from 'path';
import { onnx } from 'onnx-proto';

export function writeCorruptImage(dir: string): string {
  const file = path.join(dir, 'corrupt.png');
  // A PNG signature followed by garbage: the extension says "image", the decoder must refuse it.
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256, 0x5a)]);
  fs.writeFileSync(file, bytes);
  return file;
}

export function writeNotOnnx(dir: string): string {
  const file = path.join(dir, 'not-a-model.onnx');
  fs.writeFileSync(file, 'This is a text file with an .onnx name.\n');
  return file;
}

/** The op the unsupported-op model uses: a matrix determinant has no attribution rule anywhere. */
export const UNSUPPORTED_OP = 'Det';

/**
 * input [1,1,8,8] -> Det -> logits [1,1]: a valid ONNX model (opset 13, onnxruntime runs it) whose only op
 * has no backward in the engine. A sidecar makes its preprocessing explicit, so only the op can fail.
 */
export function writeUnsupportedOpModel(dir: string): string {
  const file = path.join(dir, 'det-model.onnx');
  const dims = (...d: number[]): onnx.ITypeProto => ({ tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: d.map((dimValue) => ({ dimValue })) } } });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'explain-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'determinant',
      node: [{ opType: UNSUPPORTED_OP, name: 'det', input: ['input'], output: ['logits'] }],
      input: [{ name: 'input', type: dims(1, 1, 8, 8) }],
      output: [{ name: 'logits', type: dims(1, 1) }],
    },
  });
  fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
  fs.writeFileSync(
    file.replace(/\.onnx$/, '.explain.json'),
    JSON.stringify({ model: path.basename(file), labels: ['determinant'], input: { width: 8, height: 8, channels: 'gray', layout: 'NCHW', scale: 1 / 255, mean: [0], std: [1], resize: 'stretch' } }, null, 2),
  );
  return file;
}
