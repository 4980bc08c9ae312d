/** Command-line arguments -> an ExplainRequest. Bad arguments are ExplainErrors (exit status 2). */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ExplainError } from '../errors';
import type { BaselineSpec, ExplainRequest, IntegrationRule, MethodParams } from '../protocol';
import { METHODS, isMethodName } from '../methods';

export interface CliOptions {
  request: ExplainRequest;
  outDir: string;
  verbose: boolean;
}

export const USAGE = `Usage: explain <image> --model <model.onnx|config.json> --method <name> [options]

Methods: ${METHODS.map((m) => m.name).join(', ')}
Options:
  --target <index>        class to explain (default: the top prediction)
  --baseline <name|file>  zero, black, blur, mean, noise, or an image file (integrated gradients, taylor, occlusion, deeplift)
  --steps <N>             integrated gradients: points on the path (default 32)
  --integration <rule>    trapezoid, riemann-left, riemann-right, riemann-middle, gauss-legendre (default)
  --samples <N>           SmoothGrad: noisy samples (default 25)
  --sigma <S>             SmoothGrad: noise as a fraction of the input range (default 0.15)
  --seed <N>              seed of every random draw (default 0)
  --chunk <N>             inputs per run of the compiled graph (default 2; occlusion 4)
  --rule <name>           LRP rule on every linear layer: epsilon, zplus, alpha-beta, gamma, flat, wsquare, zbox, zero;
                          deeplift: rescale (default) or revealcancel
  --epsilon <E>           LRP epsilon (default 1e-6)
  --alpha <A> --beta <B>  LRP alpha-beta (alpha - beta = 1; default 2, 1)
  --gamma <G>             LRP gamma (default 0.25)
  --composite <name>      LRP preset: epsilon-plus, epsilon-plus-flat, epsilon-alpha2-beta1, epsilon-gamma-box
  --bias <mode>           LRP bias: absorb (default) or redistribute (exact conservation)
  --layer <name>          grad-cam, guided-grad-cam: the feature map, a node or tensor name (default: the last spatial map)
  --patch <px>            occlusion: patch side in pixels (default: 1/8 of the shorter side)
  --stride <px>           occlusion: step between patches (default: half the patch)
  --out <DIR>             where to write the results (default: explain-out)
  --verbose               stack traces on errors`;

const BASELINES = ['zero', 'black', 'blur', 'mean', 'noise'] as const;
const LRP_RULES = ['epsilon', 'zplus', 'alpha-beta', 'gamma', 'flat', 'wsquare', 'zbox', 'zero'] as const;
const DEEPLIFT_RULES = ['rescale', 'revealcancel'] as const;
const COMPOSITE_NAMES = ['epsilon-plus', 'epsilon-plus-flat', 'epsilon-alpha2-beta1', 'epsilon-gamma-box'] as const;

function oneOf<T extends string>(name: string, s: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(s)) throw new ExplainError('BAD_ARGUMENT', `--${name} must be one of ${allowed.join(', ')} (got "${s}").`);
  return s as T;
}

export function parseCli(argv: string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        method: { type: 'string', default: 'gradient' },
        target: { type: 'string' },
        baseline: { type: 'string' },
        steps: { type: 'string' },
        integration: { type: 'string' },
        samples: { type: 'string' },
        sigma: { type: 'string' },
        seed: { type: 'string' },
        chunk: { type: 'string' },
        rule: { type: 'string' },
        epsilon: { type: 'string' },
        alpha: { type: 'string' },
        beta: { type: 'string' },
        gamma: { type: 'string' },
        composite: { type: 'string' },
        bias: { type: 'string' },
        layer: { type: 'string' },
        patch: { type: 'string' },
        stride: { type: 'string' },
        out: { type: 'string', default: 'explain-out' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new ExplainError('BAD_ARGUMENT', `${(e as Error).message}. Run explain --help.`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) throw new ExplainError('BAD_ARGUMENT', 'Give exactly one image file. Run explain --help.');
  if (!v.model) throw new ExplainError('BAD_ARGUMENT', 'Missing --model <model.onnx|config.json>.');
  const method = v.method!;
  if (!isMethodName(method)) throw new ExplainError('BAD_ARGUMENT', `Unknown method "${method}". Methods: ${METHODS.map((m) => m.name).join(', ')}.`);
  const params: MethodParams = {};
  if (v.steps !== undefined) params.steps = int('steps', v.steps);
  if (v.samples !== undefined) params.samples = int('samples', v.samples);
  if (v.seed !== undefined) params.seed = int('seed', v.seed);
  if (v.chunk !== undefined) params.chunk = int('chunk', v.chunk);
  if (v.sigma !== undefined) params.sigma = num('sigma', v.sigma);
  if (v.integration !== undefined) params.integration = v.integration as IntegrationRule;
  if (v.baseline !== undefined) params.baseline = baseline(v.baseline);
  if (v.rule !== undefined) {
    // --rule names the rule of the chosen method.
    if (method === 'deeplift') params.deeplift = oneOf('rule', v.rule, DEEPLIFT_RULES);
    else params.rule = oneOf('rule', v.rule, LRP_RULES);
  }
  if (v.composite !== undefined) params.composite = oneOf('composite', v.composite, COMPOSITE_NAMES);
  if (v.bias !== undefined) params.bias = oneOf('bias', v.bias, ['absorb', 'redistribute'] as const);
  if (v.epsilon !== undefined) params.epsilon = num('epsilon', v.epsilon);
  if (v.alpha !== undefined) params.alpha = num('alpha', v.alpha);
  if (v.beta !== undefined) params.beta = num('beta', v.beta);
  if (v.gamma !== undefined) params.gamma = num('gamma', v.gamma);
  if (v.layer !== undefined) params.layer = v.layer;
  if (v.patch !== undefined) params.patch = int('patch', v.patch);
  if (v.stride !== undefined) params.stride = int('stride', v.stride);
  return {
    request: {
      model: { path: resolve(v.model) },
      image: { path: resolve(parsed.positionals[0]) },
      method,
      params,
      target: v.target === undefined ? undefined : int('target', v.target),
    },
    outDir: resolve(v.out!),
    verbose: !!v.verbose,
  };
}

function baseline(s: string): BaselineSpec {
  return (BASELINES as readonly string[]).includes(s) ? ({ kind: s } as BaselineSpec) : { kind: 'image', path: resolve(s) };
}

function int(name: string, s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n)) throw new ExplainError('BAD_ARGUMENT', `--${name} takes a whole number (got "${s}").`);
  return n;
}

function num(name: string, s: string): number {
  const n = Number(s);
  if (!Number.isFinite(n)) throw new ExplainError('BAD_ARGUMENT', `--${name} takes a number (got "${s}").`);
  return n;
}
