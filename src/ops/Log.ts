/** d log(x)/dx = 1/x: the signal divided by the input. */
import type { OpBackward } from './rule';

export const Log: OpBackward = { opType: 'Log', backward: (node, g, ctx) => [ctx.b.op('Div', [g, node.inputs[0]])] };
