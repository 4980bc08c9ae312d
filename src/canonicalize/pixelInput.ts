/**
 * A uint8 image input (tf2onnx's habit: the pixels cast to float and scaled inside the graph). onnxruntime
 * runs the compiled graph on float inputs and a gradient needs a float tensor, so the graph starts at the
 * first float tensor, the Cast's output: the engine feeds it the pixels 0..255 as floats, and everything
 * after the Cast (the scaling too) is the explained model.
 */
import { ExplainError } from '../errors';
import { type IRGraph, renameTensor } from '../onnx/ir';

/** Cast targets that decode reads as float32 (FLOAT, FLOAT16, DOUBLE). */
const FLOAT_CASTS = new Set([1, 10, 11]);

/** Moves the graph's input past the Cast of a uint8/int8 image; returns the note saying so. */
export function startAtFloatInput(g: IRGraph, label: string): string | undefined {
  const input = g.inputs[0];
  if (input.type === 'float32') return undefined;
  const readers = g.nodes.filter((n) => n.inputs.includes(input.name));
  const casts = readers.filter((n) => n.opType === 'Cast' && n.domain === '' && n.attrs.to?.type === 'int' && FLOAT_CASTS.has(n.attrs.to.value));
  const other = readers.find((n) => !casts.includes(n));
  if (other || casts.length === 0) {
    throw new ExplainError(
      'UNSUPPORTED_MODEL',
      `${label}: the input "${input.name}" is ${input.type}${other ? ` and is read by ${other.opType} "${other.name}"` : ' and is never cast to float'}; ` +
        'an integer image input is explained only where a Cast to float reads it first.',
    );
  }
  const first = casts[0].outputs[0];
  for (const c of casts.slice(1)) renameTensor(g, c.outputs[0], first);
  g.nodes = g.nodes.filter((n) => !casts.includes(n));
  g.inputs = [{ name: first, type: 'float32', dims: [...input.dims] }];
  return (
    `The model takes ${input.type} pixels ("${input.name}"): the image is fed as its values 0..255 and explained with respect to ` +
    `"${first}", the first float tensor (the output of Cast "${casts[0].name}"); the scaling inside the graph is part of the explained model.`
  );
}
