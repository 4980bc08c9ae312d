/**
 * Command-line arguments -> an ExplainRequest. Every option and every value is checked here, so a mistake
 * gets one line in the tool's own words (not node's parser's). Bad arguments are ExplainErrors (exit status 2);
 * options the chosen method ignores are warnings.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ExplainError } from '../errors';
import type { BaselineSpec, CompositeName, Device, ExplainRequest, ExportRequest, FolderRequest, IntegrationRule, LrpRuleName, MethodName, MethodParams, MetricsRequest } from '../protocol';
import { REMOVAL_MODES } from '../metrics/faithfulness';
import { METHODS, isMethodName } from '../methods';
import { methodParams, readsParam } from '../methods/params';
import { parseFeatures } from '../methods/features';
import { closest } from './closest';
import { parseShard } from '../dataset/shard';
import { DEVICES } from '../onnx/devices';

export interface CliOptions {
  kind: 'image';
  request: ExplainRequest;
  outDir: string;
  verbose: boolean;
  /** How many times to run the explanation (--repeat), for warm timings. */
  repeat: number;
  /** Options the method ignores, each a sentence. */
  warnings: string[];
}

/** `--export-onnx FILE`: write the method's explanation as an ONNX file instead of explaining an image. */
export interface CliExport {
  export: ExportRequest;
  verbose: boolean;
  warnings: string[];
}

/** `explain --folder DIR`: every image under DIR into the --out folder. */
export interface FolderCliOptions {
  kind: 'folder';
  request: FolderRequest;
  warnings: string[];
}

export const DEFAULT_METHOD: MethodName = 'gradient';

export const USAGE = `Usage: explain <image> --model <model.onnx|config.json> [--method <name>] [options]
       explain --model <model.onnx|config.json> [--method <name>] [options] --export-onnx <file.onnx>
       explain --folder <DIR> --model <model> --out <OUT> [--shard i/n] [--method <name>] [options]
       explain report <OUT>... [--into <DIR>] [--clusters <k>]   (HTML report and CSV, shards merged)
       explain inspect <model.onnx|config.json> [image]   (the model, its methods and the preprocessing presets)

Methods: ${METHODS.map((m) => m.name).join(', ')}
Options:
  --method <name>         the attribution method (default ${DEFAULT_METHOD})
  --target <index>        class to explain (default: the top prediction)
  --baseline <name|file>  zero, black, blur, mean, noise, or an image file (integrated gradients, taylor, deeplift, and
                          the black-box methods' fill of removed features)
  --steps <N>             integrated gradients, xrai: points on the path (default 32)
  --integration <rule>    trapezoid, riemann-left, riemann-right, riemann-middle, gauss-legendre (default)
  --samples <N>           smoothgrad, vargrad, squaregrad: noisy samples (default 25); expected-gradients: draws
                          (default 32); kernel-shap, lime: coalitions (default 512); shapley-sampling: random
                          orders (default 10); rise: masks (default 1000); sobol: designs (32)
  --baseline-folder <dir> expected-gradients: images to draw baselines from (default: blurred copies of the input)
  --features <spec>       black-box methods' features: grid:N (N x N cells), slic:N (about N superpixels) or
                          patch:P (P x P px squares); default grid:6 (rise: grid:7 mask cells, sobol: grid:8)
  --sigma <S>             smoothgrad, vargrad, squaregrad: noise as a fraction of the input range (default 0.15)
  --seed <N>              seed of every random draw: SmoothGrad's noise, expected gradients' draws, a noise
                          baseline, the black-box methods' coalitions, orders and masks (default 0)
  --chunk <N>             inputs per run of the compiled graph (default 2; occlusion, score-cam 4; black-box
                          methods: from the input's size, up to 32)
  --rule <name>           LRP rule on every linear layer: epsilon, zplus, alpha-beta, gamma, flat, wsquare, zbox, zero;
                          deeplift: rescale (default) or revealcancel
  --epsilon <E>           LRP epsilon (default 1e-6)
  --alpha <A> --beta <B>  LRP alpha-beta (alpha - beta = 1; default 2, 1)
  --gamma <G>             LRP gamma (default 0.25)
  --composite <name>      LRP preset: epsilon-plus, epsilon-plus-flat, epsilon-alpha2-beta1, epsilon-gamma-box, vit
  --bias <mode>           LRP, deep-taylor bias: absorb (default) or redistribute (exact conservation)
  --layer <name>          grad-cam, guided-grad-cam, grad-cam++, layer-cam, xgrad-cam, score-cam, eigen-cam: the feature
                          map, a node or tensor name (default: the last spatial map)
  --patch <px>            occlusion: patch side in pixels (default: 1/8 of the shorter side)
  --stride <px>           occlusion: step between patches (default: half the patch)
  --metrics <list>        measure the map too, comma-separated: faithfulness (MoRF/LeRF curves, ABPC, AOPC against
                          random orders; faithfulness.png), randomization (the map re-run with the weights randomized
                          layer by layer from the top; randomization.png); both into metrics.json
  --removal <mode>        faithfulness: how removed pixels are filled: blur (default), zero, mean, noise, road
  --metric-patch <px>     faithfulness: side of the patches removed together (default 8; 16 on patch-token models)
  --repeat <N>            run the explanation N times in this process; result.json gets min and median per phase
  --out <DIR>             where to write the results (default: explain-out)
  --export-onnx <FILE>    write the explanation as one standalone ONNX model (inputs input, target, baseline;
                          outputs logits, relevance, explained_class) instead of explaining an image
  --export-layers         with --export-onnx: also output each layer's relevance sum (layer_relevance)
  --export-preprocess     with --export-onnx: take 8-bit RGB pixels (image [N, H, W, 3]) and preprocess inside
  --folder <DIR>          explain every image under DIR (recursive; sub-folder names are class labels, as in
                          ImageFolder datasets); an image with a result in --out already is skipped (resume)
  --shard <i/n>           --folder: only the images whose path hashes to i modulo n (0 <= i < n), so n machines
                          cover the folder once ($SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT, $JOB_COMPLETION_INDEX/n)
  --memory <GB>           --folder: peak memory the batch size adapts to (default 2)
  --device <name>         --folder: onnxruntime's execution provider: ${DEVICES.join(', ')} (default cpu; the
                          others where this platform's onnxruntime-node has them)
  --verbose               stack traces on errors
  --help, -h              this text`;

const BASELINES = ['zero', 'black', 'blur', 'mean', 'noise'] as const;
const LRP_RULES: readonly LrpRuleName[] = ['epsilon', 'zplus', 'alpha-beta', 'gamma', 'flat', 'wsquare', 'zbox', 'zero'];
const DEEPLIFT_RULES = ['rescale', 'revealcancel'] as const;
const COMPOSITE_NAMES: readonly CompositeName[] = ['epsilon-plus', 'epsilon-plus-flat', 'epsilon-alpha2-beta1', 'epsilon-gamma-box', 'vit'];
const INTEGRATION_RULES: readonly IntegrationRule[] = ['trapezoid', 'riemann-left', 'riemann-right', 'riemann-middle', 'gauss-legendre'];

const VALUE_OPTIONS = [
  'model', 'method', 'target', 'baseline', 'steps', 'integration', 'samples', 'sigma', 'seed', 'chunk', 'rule', 'epsilon',
  'alpha', 'beta', 'gamma', 'composite', 'bias', 'layer', 'patch', 'stride', 'repeat', 'out', 'metrics', 'removal',
  'metric-patch', 'baseline-folder', 'export-onnx', 'features', 'folder', 'shard', 'memory', 'device',
] as const;
const METRICS = ['faithfulness', 'randomization'] as const;
const FLAG_OPTIONS = ['verbose', 'help', 'export-layers', 'export-preprocess'] as const;
const ALL_OPTIONS: readonly string[] = [...VALUE_OPTIONS, ...FLAG_OPTIONS];

/** The method parameter each option sets (--rule: deeplift's rule for deeplift, else the LRP rule). */
const PARAM_OF: Partial<Record<(typeof VALUE_OPTIONS)[number], keyof MethodParams>> = {
  baseline: 'baseline', steps: 'steps', integration: 'integration', samples: 'samples', sigma: 'sigma', seed: 'seed',
  chunk: 'chunk', rule: 'rule', epsilon: 'epsilon', alpha: 'alpha', beta: 'beta', gamma: 'gamma', composite: 'composite',
  bias: 'bias', layer: 'layer', patch: 'patch', stride: 'stride', 'baseline-folder': 'baselineFolder', features: 'features',
};

const bad = (message: string): ExplainError => new ExplainError('BAD_ARGUMENT', message);

function oneOf<T extends string>(name: string, s: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(s)) return s as T;
  const near = closest(s, allowed);
  throw bad(`--${name} must be one of ${allowed.join(', ')} (got "${s}")${near ? `; did you mean ${near}?` : '.'}`);
}

/**
 * Checks the option names before node's parser sees them, and joins `--steps -3` into `--steps=-3` so a
 * negative number reaches the value check (node's parser calls it ambiguous, in three lines).
 */
function normalize(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (token === '-h' || !token.startsWith('-') || token === '-' || /^-\d|^-\.\d/.test(token)) {
      out.push(token);
      continue;
    }
    const name = token.replace(/^--?/, '').split('=')[0];
    if (!token.startsWith('--') || !ALL_OPTIONS.includes(name)) {
      const near = closest(name, ALL_OPTIONS);
      throw bad(`Unknown option ${token.split('=')[0]}${near ? `; did you mean --${near}?` : '.'} Run explain --help.`);
    }
    if ((FLAG_OPTIONS as readonly string[]).includes(name)) {
      if (token.includes('=')) throw bad(`--${name} takes no value.`);
      out.push(token);
      continue;
    }
    if (token.includes('=')) {
      out.push(token);
      continue;
    }
    const value = argv[i + 1];
    const isNumber = value !== undefined && /^-?(\d|\.\d)/.test(value);
    if (value === undefined || (value.startsWith('-') && !isNumber)) throw bad(`--${name} needs a value. Run explain --help.`);
    out.push(`--${name}=${value}`);
    i++;
  }
  return out;
}

export function parseCli(argv: string[]): CliOptions | CliExport | FolderCliOptions | 'help' {
  const options = Object.fromEntries([
    ...VALUE_OPTIONS.map((o) => [o, { type: 'string' as const }]),
    ...FLAG_OPTIONS.map((o) => [o, { type: 'boolean' as const }]),
  ]) as Record<(typeof VALUE_OPTIONS)[number], { type: 'string' }> & Record<(typeof FLAG_OPTIONS)[number], { type: 'boolean' }>;
  let parsed;
  try {
    parsed = parseArgs({ args: normalize(argv), allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    if (e instanceof ExplainError) throw e;
    throw bad(`${(e as Error).message.split('\n')[0]} Run explain --help.`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const exporting = v['export-onnx'] !== undefined;
  const folder = v.folder !== undefined;
  if (exporting && folder) throw bad('--export-onnx writes the explanation as a model and --folder explains images: give one of them.');
  if (!exporting && (v['export-layers'] || v['export-preprocess'])) throw bad(`--${v['export-layers'] ? 'export-layers' : 'export-preprocess'} shapes the file --export-onnx writes: add --export-onnx <file.onnx>.`);
  if (exporting && parsed.positionals.length) throw bad('--export-onnx writes the explanation as a model and explains no image: leave out the image.');
  if (folder && parsed.positionals.length > 0) throw bad(`--folder explains the images under a folder: give no image file besides it (got ${parsed.positionals.join(' ')}).`);
  if (!folder) {
    const only = (['shard', 'memory', 'device'] as const).find((o) => v[o] !== undefined);
    if (only) throw bad(`--${only} applies to --folder runs only.`);
  }
  if (!exporting && !folder && parsed.positionals.length !== 1) throw bad(`Give exactly one image file (got ${parsed.positionals.length}). Run explain --help.`);
  if (!v.model) throw bad('Missing --model <model.onnx|config.json>.');
  const method = v.method ?? DEFAULT_METHOD;
  if (!isMethodName(method)) {
    const near = closest(method, METHODS.map((m) => m.name));
    throw bad(`Unknown method "${method}"${near ? `; did you mean ${near}?` : ''} Methods: ${METHODS.map((m) => m.name).join(', ')}.`);
  }

  const params: MethodParams = {};
  if (v.steps !== undefined) params.steps = positiveInt('steps', v.steps);
  if (v.samples !== undefined) params.samples = positiveInt('samples', v.samples);
  if (v.seed !== undefined) params.seed = wholeNumber('seed', v.seed);
  if (v.chunk !== undefined) params.chunk = positiveInt('chunk', v.chunk);
  if (v.sigma !== undefined) params.sigma = nonNegative('sigma', v.sigma);
  if (v.integration !== undefined) params.integration = oneOf('integration', v.integration, INTEGRATION_RULES);
  if (v.baseline !== undefined) params.baseline = baseline(v.baseline, params.seed);
  if (v.rule !== undefined) {
    if (method === 'deeplift') params.deeplift = oneOf('rule', v.rule, DEEPLIFT_RULES);
    else params.rule = oneOf('rule', v.rule, LRP_RULES);
  }
  if (v.composite !== undefined) params.composite = oneOf('composite', v.composite, COMPOSITE_NAMES);
  if (v.bias !== undefined) params.bias = oneOf('bias', v.bias, ['absorb', 'redistribute'] as const);
  if (v.epsilon !== undefined) params.epsilon = nonNegative('epsilon', v.epsilon);
  if (v.alpha !== undefined) params.alpha = nonNegative('alpha', v.alpha);
  if (v.beta !== undefined) params.beta = nonNegative('beta', v.beta);
  if (v.gamma !== undefined) params.gamma = nonNegative('gamma', v.gamma);
  if (v.layer !== undefined) params.layer = nonEmpty('layer', v.layer);
  if (v.patch !== undefined) params.patch = positiveInt('patch', v.patch);
  if (v.stride !== undefined) params.stride = positiveInt('stride', v.stride);
  if (v['baseline-folder'] !== undefined) params.baselineFolder = resolve(nonEmpty('baseline-folder', v['baseline-folder']));
  if (v.features !== undefined) params.features = parseFeatures(v.features).spec;
  if (exporting) {
    const stray = ['target', 'metrics', 'repeat', 'out'].find((o) => v[o as keyof typeof v] !== undefined);
    if (stray) throw bad(`--${stray} does not apply to --export-onnx (the exported graph takes the target as its input "target").`);
    return {
      export: { model: { path: resolve(v.model) }, method, params, path: resolve(nonEmpty('export-onnx', v['export-onnx']!)), layers: !!v['export-layers'], preprocess: !!v['export-preprocess'] },
      verbose: !!v.verbose,
      warnings: ignoredOptions(method, v),
    };
  }
  if (folder) {
    const single = (['target', 'metrics', 'repeat', 'removal', 'metric-patch'] as const).find((o) => v[o] !== undefined);
    if (single) throw bad(`--${single} applies to one image, not to --folder (which explains each image's top class).`);
    const request: FolderRequest = {
      model: { path: resolve(v.model) },
      method,
      params,
      folder: resolve(nonEmpty('folder', v.folder!)),
      out: resolve(nonEmpty('out', v.out ?? 'explain-out')),
      ...(v.shard !== undefined && { shard: parseShard(v.shard) }),
      ...(v.memory !== undefined && { memoryBytes: positive('memory', v.memory) * 2 ** 30 }),
      ...(v.device !== undefined && { device: oneOf('device', v.device, DEVICES) as Device }),
    };
    return { kind: 'folder', request, warnings: ignoredOptions(method, v) };
  }
  const metrics = metricsRequest(v.metrics, v.removal, v['metric-patch']);
  const repeat = v.repeat === undefined ? 1 : positiveInt('repeat', v.repeat);
  const target = v.target === undefined ? undefined : wholeNumber('target', v.target);
  return {
    kind: 'image',
    request: { model: { path: resolve(v.model) }, image: { path: resolve(parsed.positionals[0]) }, method, params, target, ...(metrics && { metrics }) },
    outDir: resolve(nonEmpty('out', v.out ?? 'explain-out')),
    verbose: !!v.verbose,
    repeat,
    warnings: ignoredOptions(method, v),
  };
}

/** --metrics a,b and the options of the metrics named; an option for a metric not asked for is an error. */
function metricsRequest(list: string | undefined, removal: string | undefined, patch: string | undefined): MetricsRequest | undefined {
  const names = list === undefined ? [] : list.split(',').map((m) => oneOf('metrics', m.trim(), METRICS));
  if (!names.includes('faithfulness')) {
    const stray = removal !== undefined ? '--removal' : patch !== undefined ? '--metric-patch' : undefined;
    if (stray) throw bad(`${stray} sets the faithfulness metric: add --metrics faithfulness.`);
  }
  if (names.length === 0) return undefined;
  return {
    ...(names.includes('faithfulness') && {
      faithfulness: {
        ...(removal !== undefined && { removal: oneOf('removal', removal, REMOVAL_MODES) }),
        ...(patch !== undefined && { patch: positiveInt('metric-patch', patch) }),
      },
    }),
    ...(names.includes('randomization') && { randomization: {} }),
  };
}

/** A sentence for each option given that `method` does not read. */
function ignoredOptions(method: MethodName, given: Partial<Record<string, unknown>>): string[] {
  const reads = methodParams(method).flatMap((p) => Object.entries(PARAM_OF).filter(([, q]) => q === p || (p === 'deeplift' && q === 'rule')).map(([o]) => `--${o}`));
  return Object.entries(PARAM_OF)
    .filter(([option, param]) => given[option] !== undefined && !readsParam(method, method === 'deeplift' && option === 'rule' ? 'deeplift' : param))
    .map(([option]) => `--${option} does not apply to ${method}, which ${reads.length ? `reads ${[...new Set(reads)].join(', ')}` : 'takes no options'}; it is ignored.`);
}

function baseline(s: string, seed: number | undefined): BaselineSpec {
  if (s === 'noise') return seed === undefined ? { kind: 'noise' } : { kind: 'noise', seed };
  if ((BASELINES as readonly string[]).includes(s)) return { kind: s } as BaselineSpec;
  if (existsSync(resolve(s))) return { kind: 'image', path: resolve(s) };
  const near = closest(s, BASELINES);
  throw bad(`--baseline must be one of ${BASELINES.join(', ')} or an image file (got "${s}", which is neither)${near ? `; did you mean ${near}?` : '.'}`);
}

function number(name: string, s: string, what: string): number {
  const n = s.trim() === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) throw bad(`--${name} must be ${what} (got "${s}").`);
  return n;
}

function positiveInt(name: string, s: string): number {
  const n = number(name, s, 'a positive integer');
  if (!Number.isInteger(n) || n < 1) throw bad(`--${name} must be a positive integer (got ${s}).`);
  return n;
}

function wholeNumber(name: string, s: string): number {
  const n = number(name, s, 'a whole number >= 0');
  if (!Number.isInteger(n) || n < 0) throw bad(`--${name} must be a whole number >= 0 (got ${s}).`);
  return n;
}

function nonNegative(name: string, s: string): number {
  const n = number(name, s, 'a number >= 0');
  if (n < 0) throw bad(`--${name} must be a number >= 0 (got ${s}).`);
  return n;
}

function positive(name: string, s: string): number {
  const n = number(name, s, 'a positive number');
  if (n <= 0) throw bad(`--${name} must be a positive number (got ${s}).`);
  return n;
}

function nonEmpty(name: string, s: string): string {
  if (s.trim() === '') throw bad(`--${name} must not be empty.`);
  return s;
}
