/**
 * DeepLIFT's Rescale rule for every elementwise nonlinearity y = f(z): the multiplier is the secant slope
 *
 *   m_z = m_y * (f(z) - f(z0)) / (z - z0),   f'(z0) where |z - z0| < 1e-7 (kundajelab's threshold),
 *
 * so m_z (z - z0) = m_y (y - y0): the layer conserves the difference exactly. ReLU, LeakyRelu, PRelu and Clip
 * take the quotient of the forward values. For Tanh and Sigmoid the quotient of two close float32 values
 * would be mostly rounding, so the slope comes from exact identities instead, with d = z - z0:
 *
 *   tanh(z) - tanh(z0) = tanh(d) (1 - tanh(z) tanh(z0))      =>  m = (1 - y y0) tanh(d)/d
 *   sigmoid(z) = (1 + tanh(z/2)) / 2, t = 2y - 1             =>  m = (1 - t t0)/4 * tanh(d/2)/(d/2)
 *
 * with tanh(u)/u = 1 for |u| < 1e-4 (error below 4e-9). Both tend to f'(z0) as d -> 0.
 */
import { ExplainError } from '../../errors';
import { attrFloat, type IRNode } from '../../onnx/ir';
import type { BackwardContext, BackwardRule } from '../../ops/rule';
import { diff, rows } from './pairs';

/** Below this |z - z0| the slope is the derivative at the reference (kundajelab's NEAR_ZERO_THRESHOLD). */
export const NEAR_ZERO = 1e-7;

export const rescale: BackwardRule = (node, g, ctx) => {
  const b = ctx.b;
  checkConstantParams(node, ctx);
  const z = node.inputs[0];
  const y = node.outputs[0];
  const shape = ctx.shape(y);
  const [ya, y0] = rows(ctx, y, shape);
  const d = diff(ctx, z, shape);
  let slope: string;
  if (node.opType === 'Tanh') {
    slope = b.op('Mul', [b.op('Sub', [b.scalar(1), b.op('Mul', [ya, y0])]), tanhOverX(ctx, d)], {}, 'dl_slope');
  } else if (node.opType === 'Sigmoid') {
    const t = (v: string) => b.op('Sub', [b.op('Mul', [v, b.scalar(2)]), b.scalar(1)]);
    const cross = b.op('Mul', [b.op('Sub', [b.scalar(1), b.op('Mul', [t(ya), t(y0)])]), b.scalar(0.25)]);
    slope = b.op('Mul', [cross, tanhOverX(ctx, b.op('Mul', [d, b.scalar(0.5)]))], {}, 'dl_slope');
  } else {
    const [, z0] = rows(ctx, z, shape);
    const small = b.op('Less', [b.op('Abs', [d]), b.scalar(NEAR_ZERO)]);
    const safe = b.op('Add', [d, b.op('Cast', [small], { to: { type: 'int', value: 1 } })]); // 1 + d where |d| is tiny: never 0
    const secant = b.op('Div', [b.op('Sub', [ya, y0]), safe]);
    slope = b.op('Where', [small, derivativeAt(node, z0, ctx), secant], {}, 'dl_slope');
  }
  return [b.op('Mul', [g, slope], {}, 'dl_rescale'), ...node.inputs.slice(1).map(() => undefined)];
};

/** tanh(u) / u, and 1 near u = 0. */
function tanhOverX(ctx: BackwardContext, u: string): string {
  const b = ctx.b;
  const small = b.op('Less', [b.op('Abs', [u]), b.scalar(1e-4)]);
  const safe = b.op('Where', [small, b.scalar(1), u]);
  return b.op('Where', [small, b.scalar(1), b.op('Div', [b.op('Tanh', [safe]), safe])]);
}

/** f'(z0) of the piecewise-linear activations. */
function derivativeAt(node: IRNode, z0: string, ctx: BackwardContext): string {
  const b = ctx.b;
  const one = b.scalar(1);
  const positive = () => b.op('Greater', [z0, b.scalar(0)]);
  switch (node.opType) {
    case 'Relu':
      return b.op('Cast', [positive()], { to: { type: 'int', value: 1 } });
    case 'LeakyRelu':
      return b.op('Where', [positive(), one, b.scalar(attrFloat(node, 'alpha', 0.01))]);
    case 'PRelu':
      return b.op('Where', [positive(), one, node.inputs[1]]);
    case 'Clip': {
      const [, lo, hi] = node.inputs;
      const masks: string[] = [];
      if (lo) masks.push(b.op('GreaterOrEqual', [z0, lo]));
      if (hi) masks.push(b.op('LessOrEqual', [z0, hi]));
      if (masks.length === 0) return one;
      return b.op('Cast', [masks.length === 2 ? b.op('And', masks) : masks[0]], { to: { type: 'int', value: 1 } });
    }
    default: {
      // Smooth units (Erf, HardSwish, Softplus, GELU, ELU...): the central difference of f itself at z0, where
      // |z - z0| < 1e-7 makes the slope's error times the difference negligible.
      const h = b.scalar(1e-3);
      const f = (t: string) => {
        const out = b.fresh(`${node.name}_dl_f`);
        b.nodes.push({ ...node, name: b.fresh(`${node.name}_dl_node`), inputs: [t, ...node.inputs.slice(1)], outputs: [out], attrs: { ...node.attrs } });
        return out;
      };
      return b.op('Div', [b.op('Sub', [f(b.op('Add', [z0, h])), f(b.op('Sub', [z0, h]))]), b.scalar(2e-3)]);
    }
  }
}

/** Clip bounds and PRelu slopes computed from the image would make f differ between the two rows. */
export function checkConstantParams(node: IRNode, ctx: BackwardContext): void {
  if (node.inputs.slice(1).some((x) => x && ctx.needsGrad(x))) {
    throw new ExplainError('UNSUPPORTED_OP', `${node.opType} ${node.name} computes its ${node.opType === 'PRelu' ? 'slope' : 'bounds'} from the image; DeepLIFT needs them constant.`);
  }
}
