import type { OpBackward } from './rule';

export const Neg: OpBackward = { opType: 'Neg', backward: (_node, g, ctx) => [ctx.b.op('Neg', [g])] };
