/**
 * The one contract between the engine (in its worker), the extension host and the webview.
 * Everything that crosses a thread or webview boundary is typed here; large arrays travel as typed arrays.
 */
import type { SerializedError } from './errors';
import type { HeatmapMode } from './render/colormap';

// ---------------------------------------------------------------------------------------------------------
// Model configuration (also the schema of `<model>.explain.json` sidecars and of the extension's settings)
// ---------------------------------------------------------------------------------------------------------

export type ChannelOrder = 'RGB' | 'BGR' | 'gray';
export type Layout = 'NCHW' | 'NHWC';
/** Resampling filters, with PIL's names and kernels (torchvision resizes PIL images with PIL). */
export type Interpolation = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos' | 'box';

/**
 * How an image of another size is brought to the model's width x height:
 * - `stretch`: straight to width x height, ignoring the aspect ratio (Keras' load_img);
 * - `center-crop`: scaled to cover width x height, then the centre is cut out;
 * - `{shorter: S}`: the shorter side scaled to S, the longer one to int(S * long / short) (torchvision's
 *   Resize(S)), then the centre width x height is cut out (CenterCrop);
 * - `{longer: L, pad}`: the longer side scaled to L (letterbox), the rest of width x height filled with `pad`
 *   (a pixel value 0..255, one for all channels or one per RGB channel; default 0).
 */
export type ResizeMode = 'stretch' | 'center-crop' | { shorter: number } | { longer: number; pad?: number | number[] };

/** A centre crop: its side in pixels (torchvision's CenterCrop) or timm's crop_pct (resize to size / crop_pct first). */
export type CropSpec = number | { crop_pct: number };

/** The named preprocessing recipes of src/preprocess/presets.ts. */
export type PresetName =
  | 'torchvision'
  | 'torchvision-inception'
  | 'timm'
  | 'timm-inception'
  | 'keras-caffe'
  | 'keras-tf'
  | 'keras-torch'
  | 'clip'
  | 'unit'
  | 'raw'
  | 'raw-bgr'
  | 'mnist';

/** How a decoded image becomes the model's input: a pixel p in 0..255 becomes (p*scale - mean)/std. */
export interface Preprocessing {
  width: number;
  height: number;
  channels: ChannelOrder;
  layout: Layout;
  scale: number;
  /** One value per model channel, in the model's channel order. */
  mean: number[];
  std: number[];
  /** Resolved: a crop (size or crop_pct) is folded into `{shorter}` here. */
  resize: ResizeMode;
  /** Default bilinear, torchvision's. */
  interpolation?: Interpolation;
  /** Widen the filter when shrinking, as PIL always does (false: sample the kernel at its own width). Default true. */
  antialias?: boolean;
  /** The preset the fields came from, if any (for reports). */
  preset?: PresetName;
}

/**
 * Where the model's input lies on the original image: the image was resized to resizedWidth x
 * resizedHeight and input pixel (x, y) is resized pixel (x + left, y + top); left/top are negative where
 * the input was padded (letterbox) and positive where it was cropped. So input x covers original columns
 * [(x + left) * sourceWidth / resizedWidth, (x + 1 + left) * sourceWidth / resizedWidth).
 */
export interface InputGeometry {
  sourceWidth: number;
  sourceHeight: number;
  resizedWidth: number;
  resizedHeight: number;
  left: number;
  top: number;
  /** The model input's size. */
  width: number;
  height: number;
}

/** The `input` section as written in a configuration: a preset plus fields that override it. */
export interface PreprocessingConfig extends Partial<Omit<Preprocessing, 'preset'>> {
  preset?: PresetName;
  crop?: CropSpec;
}

/** A configuration as written by a user: every field optional except the model. Paths relative to the file. */
export interface ModelConfigFile {
  $schema?: string;
  model: string;
  labels?: string | string[];
  input?: PreprocessingConfig;
  /** The output to explain, by name, when the model has several; default the first with a class dimension. */
  scoreOutput?: string;
}

/** Where a resolved field came from: e.g. "preset torchvision", "preprocessor_config.json", "model input shape". */
export type ConfigSources = Partial<Record<keyof PreprocessingConfig | 'labels', string>>;

/** A configuration after paths are resolved and defaults are taken from the model's input shape. */
export interface ResolvedModelConfig {
  /** Absolute path of the .onnx file. */
  modelPath: string;
  /** Absolute path of the JSON this came from, if any. */
  configPath?: string;
  labels?: string[];
  input: Preprocessing;
  /** Per field, where its value came from; a field not listed is a default. */
  sources?: ConfigSources;
  /**
   * True when nothing described the preprocessing (no configuration, preset or metadata): its values are
   * defaults and explanations say the preprocessing is a guess.
   */
  guessed?: boolean;
  /** What resolving noticed and did not refuse (a found size the model's input shape overrules), one sentence each. */
  notes?: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Methods and their parameters
// ---------------------------------------------------------------------------------------------------------

export type MethodName =
  | 'gradient'
  | 'gradient-x-input'
  | 'smoothgrad'
  | 'vargrad'
  | 'squaregrad'
  | 'deconvnet'
  | 'guided-backprop'
  | 'integrated-gradients'
  | 'expected-gradients'
  | 'lrp'
  | 'taylor'
  | 'deep-taylor'
  | 'cam'
  | 'grad-cam'
  | 'guided-grad-cam'
  | 'grad-cam++'
  | 'layer-cam'
  | 'xgrad-cam'
  | 'score-cam'
  | 'eigen-cam'
  | 'occlusion'
  | 'deeplift'
  | 'shapley-sampling'
  | 'kernel-shap'
  | 'lime'
  | 'rise'
  | 'sobol'
  | 'xrai';

export type LrpRuleName = 'epsilon' | 'zplus' | 'alpha-beta' | 'gamma' | 'flat' | 'wsquare' | 'zbox' | 'zero';

/** Zennit's presets: which rule the first layer, convolutions and dense layers get. */
export type CompositeName = 'epsilon-plus' | 'epsilon-plus-flat' | 'epsilon-alpha2-beta1' | 'epsilon-gamma-box' | 'vit';

/** Bias terms absorb their share of relevance, or hand it to the inputs so every layer conserves it. */
export type BiasMode = 'absorb' | 'redistribute';

/** DeepLIFT's rule on nonlinearities. */
export type DeepLiftRule = 'rescale' | 'revealcancel';

export type IntegrationRule = 'trapezoid' | 'riemann-left' | 'riemann-right' | 'riemann-middle' | 'gauss-legendre';

export type BaselineSpec =
  | { kind: 'zero' }
  | { kind: 'black' }
  | { kind: 'blur'; sigma?: number }
  | { kind: 'mean' }
  | { kind: 'noise'; seed?: number }
  | { kind: 'image'; path: string };

export interface MethodParams {
  /** Integrated gradients: number of points on the path. */
  steps?: number;
  integration?: IntegrationRule;
  /** SmoothGrad, VarGrad, SquareGrad: number of noisy samples; black-box methods: coalitions, permutations or masks (see each method). */
  samples?: number;
  /** SmoothGrad: noise standard deviation as a fraction of the input's value range. */
  sigma?: number;
  /** Seed of every random draw (SmoothGrad noise, noise baselines). */
  seed?: number;
  baseline?: BaselineSpec;
  /** Expected gradients: a folder whose images are the baselines drawn from (default: blurred copies of the input). */
  baselineFolder?: string;
  /** How many batch elements one session.run takes (bounds memory for multi-pass methods). */
  chunk?: number;
  /** LRP: the rule on every linear layer (unless a composite or `rules` says otherwise). */
  rule?: LrpRuleName;
  epsilon?: number;
  alpha?: number;
  beta?: number;
  gamma?: number;
  composite?: CompositeName;
  /** LRP: CP-LRP (Ali et al. 2022), attention weights held constant: A V sends all relevance to V, none through the softmax. */
  cpLrp?: boolean;
  /** LRP: rules by node name, output tensor name or op type; these win over `rule` and `composite`. */
  rules?: Record<string, LrpRuleName>;
  bias?: BiasMode;
  /**
   * Grad-CAM, Guided Grad-CAM and the CAM family (grad-cam++, layer-cam, xgrad-cam, score-cam, eigen-cam): the feature map, as a node name or tensor name of the original model (a
   * node means its first output). Default: the last spatial map on the path (see src/methods/cam/featureMap.ts).
   */
  layer?: string;
  /** Occlusion: side of the square patch in pixels (default: an eighth of the shorter side, rounded). */
  patch?: number;
  /** Occlusion: step between patches in pixels (default: half the patch). */
  stride?: number;
  /**
   * Black-box methods: the features that are kept or removed together, `grid:N` (N x N cells), `slic:N`
   * (about N SLIC superpixels of the displayed image) or `patch:P` (P x P pixel squares).
   */
  features?: string;
  /** DeepLIFT: the rule on nonlinearities, rescale (default) or revealcancel. */
  deeplift?: DeepLiftRule;
  /** DeepLIFT: max-pool rule, delta (exact summation-to-delta, default) or gradient (the original DeepLIFT's). */
  deepliftMaxPool?: 'delta' | 'gradient';
  /**
   * DeepLIFT RevealCancel: on every nonlinearity (all, default), or only after dense layers with Rescale after
   * convolutions (dense: the original DeepLIFT's genomics default).
   */
  deepliftRevealCancel?: 'all' | 'dense';
  /** DeepLIFT: rules by node name, output tensor name or op type, winning over the above (e.g. { Tanh: 'rescale' }). */
  deepliftRules?: Record<string, DeepLiftRule>;
}

// ---------------------------------------------------------------------------------------------------------
// Requests and results
// ---------------------------------------------------------------------------------------------------------

/** Where the model comes from: an .onnx file, a config JSON, or a config already in memory. */
export type ModelSource = { path: string } | { config: ModelConfigFile; baseDir: string };

/** An input tensor given directly, already preprocessed, in the model's layout with batch 1. */
export interface TensorInput {
  data: Float32Array;
  dims: number[];
}

export interface ExplainRequest {
  model: ModelSource;
  image: { path: string } | { tensor: TensorInput };
  method: MethodName;
  params?: MethodParams;
  /** Class index to explain; default: the top-1 prediction. */
  target?: number;
  /**
   * A layer (its tensor name, as in ExplainResult.layers[].name) whose relevance per position to return as
   * `layerMap`: what a neuron of it looked at. Compiles a graph variant of its own (cached like the others).
   */
  layerMap?: string;
  /** Measurements of the explanation, computed after it (issue 13). */
  metrics?: MetricsRequest;
}

/** Export Explained Model (issue 16): a method's explanation of a model written as one standalone ONNX file. */
export interface ExportRequest {
  model: ModelSource;
  method: MethodName;
  params?: MethodParams;
  /** The .onnx file to write. */
  path: string;
  /** Also output each layer's relevance sum, `layer_relevance` [N, layers]. */
  layers?: boolean;
  /** Take 8-bit pixels (`image` [N, H, W, 3], gray: 1) and preprocess them inside the graph; resizing stays outside. */
  preprocess?: boolean;
}

export interface ExportResult {
  path: string;
  bytes: number;
  method: MethodName;
  inputs: { name: string; type: string; dims: (number | string)[] }[];
  outputs: string[];
  /** The layers `layer_relevance`'s columns are (empty without `layers`). */
  layers: string[];
  /** The metadata_props written, as a consumer reads them. */
  metadata: Record<string, string>;
}

/** How removed pixels are filled: a baseline image, or ROAD's noisy linear imputation from their neighbours. */
export type RemovalMode = 'blur' | 'zero' | 'mean' | 'noise' | 'road';

export interface FaithfulnessOptions {
  /** Side of the square patches removed together, in input pixels. Default 8, 16 on a patch-token model. */
  patch?: number;
  /** Removal steps up to `until`, after which one last step removes the rest. Default 16. */
  steps?: number;
  /** Share of the image removed by the first `steps` steps, in (0, 1]. Default 0.5. */
  until?: number;
  /** Default blur. */
  removal?: RemovalMode;
  /** Seeds the random-order baseline and the noise of the `noise` and `road` removals. Default 0. */
  seed?: number;
  /** Random orders averaged for the baseline (one random order's ABPC varies a lot); 0 for none. Default 3. */
  randomOrders?: number;
}

export interface RandomizationOptions {
  /** Seeds the random weights. Default 0. */
  seed?: number;
}

export interface MetricsRequest {
  faithfulness?: FaithfulnessOptions;
  randomization?: RandomizationOptions;
}

/** The target's score as patches are removed, in order. */
export interface PerturbationCurve {
  /** Share of the image removed at each point: 0 (the input itself) up to 1. */
  fractions: number[];
  /** The explained score (logit) at each point. */
  scores: number[];
}

/**
 * Region perturbation (Samek et al. 2017): removing the most relevant patches first (MoRF) should drop the score
 * fast, the least relevant first (LeRF) slowly. Areas are in score x share of the image.
 */
export interface FaithfulnessResult {
  removal: RemovalMode;
  /** E.g. "Gaussian blur of the input, sigma 11.2 px". */
  removalDescription: string;
  patch: number;
  morf: PerturbationCurve;
  lerf: PerturbationCurve;
  /** area(LeRF) - area(MoRF): higher is better. */
  abpc: number;
  /** Mean drop f(x) - f(x_k) over the MoRF curve's points: higher is better. */
  aopc: number;
  /**
   * What chance scores: the same for seeded random orders of the patches (each reversed for LeRF), the curves
   * and numbers averaged over `orders` of them; `abpcStd` is the spread of one order's ABPC, the noise that a
   * method's ABPC must clear to mean anything.
   */
  random?: { seed: number; orders: number; morf: PerturbationCurve; lerf: PerturbationCurve; abpc: number; abpcStd: number; aopc: number };
  /** Forward passes run, batched. */
  forwards: number;
  ms: number;
}

/** A small copy of a pixel map, for thumbnails. */
export interface Thumbnail {
  width: number;
  height: number;
  data: Float32Array;
}

/** One step of the cascade: every layer from the output down to `layer` randomized. */
export interface RandomizationStep {
  layer: string;
  op: string;
  /** Spearman rank correlation of |R| with the original map, -1..1. */
  spearman: number;
  /** SSIM of |R| (each scaled to its maximum) with the original map. */
  ssim: number;
  map: Thumbnail;
}

/** Model-parameter randomization (Adebayo et al. 2018), cascading from the output to the input. */
export interface RandomizationResult {
  seed: number;
  original: Thumbnail;
  steps: RandomizationStep[];
  /** The map still ranks pixels alike (Spearman >= 0.5) with every layer randomized. */
  flagged: boolean;
  ms: number;
}

export interface MetricsResult {
  faithfulness?: FaithfulnessResult;
  randomization?: RandomizationResult;
}

export interface ClassScore {
  index: number;
  label: string;
  /** The explained score (the logit, before any softmax). */
  score: number;
  probability: number;
}

/** Relevance of one layer (the output of one node on the path from input to score). */
export interface LayerRecord {
  /** The tensor name as the user sees it in the original model (e.g. in Netron). */
  name: string;
  node: string;
  op: string;
  /** Output shape with batch 1. */
  shape: number[];
  sum: number;
  /** sum minus what the method says this layer should conserve (relevance methods only). */
  gap?: number;
  /** Sum of the neurons with positive relevance (and of those with negative), so sum = positive + negative. */
  positive: number;
  negative: number;
  /** Relevance per neuron: per channel for feature maps, per unit for vectors. */
  neurons: Float32Array;
  /** Mean activation per neuron (same indexing as `neurons`). */
  activations: Float32Array;
}

export interface Timings {
  /** One plain forward of the model in the same process. */
  forwardMs: number;
  /** Building and loading the compiled graph; 0 when it came from the cache. */
  compileMs: number;
  /** Running the compiled graph (all passes of the method). */
  runMs: number;
  cached: boolean;
}

/** Which feature each pixel of the model's input belongs to. */
export interface Segmentation {
  /** Feature index per pixel, row-major, height x width. */
  labels: Int32Array;
  width: number;
  height: number;
  count: number;
  /** E.g. "4 x 4 grid cells" or "49 SLIC superpixels (compactness 10)". */
  description: string;
}

export interface ExplainResult {
  method: MethodName;
  params: MethodParams;
  target: number;
  label: string;
  /** The explained score: the target's logit. */
  score: number;
  /** What exactly is explained, in words (e.g. that a trailing Softmax was cut). */
  explained: string;
  top: ClassScore[];
  input: TensorInput;
  /** Layout of `input` and `relevance`. */
  layout: Layout;
  /**
   * Where each preprocessing field and the labels came from ("preprocessor_config.json (image_mean)", "preset
   * torchvision", "the model's input shape", labels "assumed from the 1000 outputs..."); a field not listed is a default.
   */
  sources?: ConfigSources;
  /** The preprocessed image as RGB bytes at the model's resolution, for overlays. */
  display: { data: Uint8Array; width: number; height: number };
  /**
   * For an image file: where the model's input lies on the original (crop, letterbox), and the original as
   * RGB (at most ORIGINAL_MAX_SIDE on its longer side), so the map can be drawn on the original's pixels.
   */
  geometry?: InputGeometry;
  original?: { data: Uint8Array; width: number; height: number };
  /** The image file had transparent pixels: they were composited onto black before preprocessing. */
  transparencyFlattened?: boolean;
  /** The attribution: the input's shape, or [1, 1, H, W] for class activation maps. */
  relevance: TensorInput;
  relevanceSum: number;
  /** Class activation methods: the map at its layer's resolution, [1, 1, h, w]. */
  cam?: TensorInput;
  /** Class activation methods: the layers `params.layer` may name (for the view's picker), and the default. */
  layerChoices?: LayerChoices;
  /** Feature-based black-box methods: the features the map is constant on (the view outlines them on demand). */
  segmentation?: Segmentation;
  /** Score at the baseline, for methods that use one. */
  baselineScore?: number;
  /** f(x) - f(baseline) - sum(R) for methods that promise completeness. */
  completenessError?: number;
  /** What every layer's relevance should sum to, for relevance methods (the score for LRP). */
  conserved?: number;
  /**
   * What a layer's `sum` means for this method: the relevance arriving at the layer, or (gradient methods)
   * the backward signal, which no axiom conserves.
   */
  layerQuantity: 'relevance' | 'gradient' | 'gradient-x-activation';
  layers: LayerRecord[];
  /**
   * The requested layer's relevance per position, [C, h, w] for a feature map ([C] for a vector), batch
   * dropped: the quantity its layer record sums, so channel c's map sums to `neurons[c]`.
   */
  layerMap?: { layer: string; data: Float32Array; dims: number[] };
  /** What the request's `metrics` asked for. */
  metrics?: MetricsResult;
  timings: Timings;
  notes: string[];
}

/** Tensor names a class activation method can read, in graph order, and the one it reads by default. */
export interface LayerChoices {
  candidates: string[];
  default: string;
}

/** What the engine knows about a model without explaining anything (for the extension's model picker). */
export interface ModelInfo {
  modelPath: string;
  opset: number;
  inputName: string;
  inputDims: (number | string)[];
  outputName: string;
  classes: number;
  config: ResolvedModelConfig;
  notes: string[];
}

/** One preset tried on an image: what the model predicts with the image preprocessed that way. */
export interface PresetTrial {
  preset: PresetName;
  /** The preset's one-line description (presets.ts). */
  summary: string;
  /** Top-1 class, its label and its softmax probability over the model's scores. */
  index: number;
  label: string;
  probability: number;
  score: number;
  /** The most confident trial of the table (exactly one is). */
  suggested: boolean;
}

/** Every preset that can feed a model, tried on one image (src/preprocess/suggest.ts). */
export interface PresetTable {
  imagePath: string;
  /** Most confident first. */
  trials: PresetTrial[];
  /** Forward runs it took: 1 for a model with a free batch axis, one per preset otherwise. */
  runs: number;
  /** Where the labels came from (configuration, metadata, or assumed from the class count); absent: none. */
  labelsFrom?: string;
}

/** Whether a method can explain the model: its explanation graph was built (not run), or why not. */
export interface MethodCheck {
  method: MethodName;
  title: string;
  ok: boolean;
  /** The engine's error message when it cannot. */
  reason?: string;
}

/** What `explain inspect` prints: the model file, its path from input to score, the methods and the configuration found. */
export interface ModelReport {
  modelPath: string;
  configPath?: string;
  /** The model file's opset, and the one it is explained at when a pass raised or lowered it. */
  opset: number;
  explainedAtOpset?: number;
  producer?: string;
  /** As the model file declares them. */
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  /** The output explained, and why it was chosen when the model has several. */
  scoreOutput: string;
  classes: number;
  /** The op types on the path from the image to the score, in graph order of first use, after canonicalization. */
  pathOps: { op: string; count: number; hasRule: boolean }[];
  methods: MethodCheck[];
  /**
   * Per op type on the path: the methods a node of that type stops, with the engine's message (an error that
   * names the node). A method that fails without naming a node is blocked by the model as a whole.
   */
  blockedBy: { op: string; methods: MethodName[] }[];
  config: ResolvedModelConfig;
  /** Where the labels came from, if any (the configuration's, the metadata's or assumed from the class count). */
  labelsFrom?: string;
  notes: string[];
}

export interface ValueSummary {
  name: string;
  type: string;
  dims: (number | string)[];
}

/**
 * A model file as the model inspector shows it before anything is compiled: read from its protobuf with the
 * weights left as byte views (src/inspect/structure.ts), so a 100 MB model is described in milliseconds.
 */
export interface ModelStructure {
  modelPath: string;
  opset: number;
  producer?: string;
  /** The graph's inputs (initializers that old opsets also list as inputs left out) and outputs, as declared. */
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  /** Initializers and Constant nodes: how many tensors, how many values, how many bytes they take in the file. */
  parameters: { tensors: number; values: number; bytes: number };
  /** Every node's op type (domain-qualified outside the default domain) with its count, most frequent first. */
  ops: { op: string; count: number }[];
  /** The nodes from the image input to the outputs, in graph order; edges are indices into `nodes`. */
  graph: { nodes: StructureNode[]; edges: [number, number][] };
}

export interface StructureNode {
  name: string;
  op: string;
  /** Its output tensor names: a layer of a result is named by one (LayerRecord.name). */
  outputs: string[];
}

/** A layer of the last result of a model, as its inspector marks the graph's node with it. */
export interface InspectorLayer {
  name: string;
  node: string;
  sum: number;
  gap?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Engine worker messages (extension host or CLI <-> worker_threads worker)
// ---------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------
// A folder of images (issue 14): explained in batches, one result per image, clustered per class (SpRAy)
// ---------------------------------------------------------------------------------------------------------

/** Where onnxruntime runs the model: its execution provider. */
export type Device = 'cpu' | 'cuda' | 'dml' | 'coreml';

/** This machine's part of a folder: the images whose path hashes to `index` modulo `count` (0 <= index < count). */
export interface Shard {
  index: number;
  count: number;
}

/** Explain every image under `folder` with one method and model, writing results under `out` (resumable). */
export interface FolderRequest {
  model: ModelSource;
  method: MethodName;
  params?: MethodParams;
  folder: string;
  out: string;
  /** Folders under `folder` left out besides `out` (the editor's other results folders, when it explains the workspace). */
  exclude?: string[];
  shard?: Shard;
  /** The process's peak memory the batch size adapts to, in bytes (default 2 GB). */
  memoryBytes?: number;
  /** Default 'cpu'. */
  device?: Device;
}

/** One image's result, as stored in OUT/index.json and OUT/results/<path>.json. */
export interface DatasetItem {
  /** Relative to the folder, '/'-separated: the image's identity across shards and machines. */
  path: string;
  /** The ImageFolder class: the name of the sub-folder the image sits in (none for images at the top). */
  label?: string;
  /** The model's class that `label` names, when it names one. */
  labelIndex?: number;
  /** The class explained: the top prediction. */
  target: number;
  targetLabel: string;
  /** The explained class's logit and softmax probability. */
  score: number;
  probability: number;
  /** Whether the prediction is the label's class (only when the label names a model class). */
  correct?: boolean;
  relevanceSum: number;
  /** The per-pixel relevance (summed over channels), box-downsampled, as .npy of [height, width]; relative to OUT. */
  map: { file: string; width: number; height: number };
  /** The model's input as a small PNG, relative to OUT. */
  thumbnail: string;
}

export interface DatasetFailure {
  path: string;
  message: string;
}

/** What produced a results folder: a report shows it, and a shard that resumes must match it. */
export interface DatasetSettings {
  model: string;
  method: MethodName;
  params: MethodParams;
  folder: string;
  shard?: Shard;
  device: Device;
  /** Longest side of the stored maps. */
  mapSide: number;
  /** The model's class labels, when it has them. */
  labels?: string[];
}

/** OUT/index.json: every image done in this folder (one shard's, when sharded). */
export interface DatasetIndex {
  version: 1;
  settings: DatasetSettings;
  items: DatasetItem[];
  failed: DatasetFailure[];
}

export interface FolderProgress {
  /** Images of this shard done (including those already done before: resumed). */
  done: number;
  total: number;
  /** Of `done`, the ones found done already and skipped. */
  resumed: number;
  failed: number;
  /** Over the images explained in this run. */
  imagesPerSecond: number;
  /** Estimated, from imagesPerSecond; undefined until the first batch is done. */
  secondsLeft?: number;
  /** The images just finished, to stream into a view. */
  items: DatasetItem[];
  /** Images per session.run now (it adapts to the memory bound). */
  batch: number;
}

export interface FolderSummary {
  index: DatasetIndex;
  explained: number;
  resumed: number;
  seconds: number;
  /** The largest batch used (images per session.run). */
  batch: number;
  /** The process's peak resident memory over the run, in bytes. */
  peakBytes: number;
}

export interface SprayOptions {
  /** Maps are box-downsampled to this longest side before clustering (default 32). */
  side?: number;
  /** Neighbours of the k-NN affinity (default sqrt of the member count, at least 10; all others in a class of 10 or fewer). */
  neighbours?: number;
  /** Most clusters the eigengap may suggest (default 8). */
  maxClusters?: number;
  /** A fixed number of clusters instead of the eigengap's. */
  clusters?: number;
  seed?: number;
}

/** The report's options: the clustering's, and the names the user gave clusters (clusterNameKey -> name). */
export interface ReportOptions extends SprayOptions {
  clusterNames?: Record<string, string>;
}

export interface SprayCluster {
  id: number;
  /** DatasetItem paths. */
  members: string[];
  /** Mean of the members' normalized maps, [height, width] row-major. */
  mean: number[];
}

/** Spectral Relevance Analysis of one class: the maps of the images explained as it. */
export interface SprayClass {
  target: number;
  label: string;
  width: number;
  height: number;
  /** Mean normalized map of every member. */
  mean: number[];
  /** Smallest eigenvalues of the normalized Laplacian, ascending. */
  eigenvalues: number[];
  /** Clusters the eigengap suggests (the number used unless SprayOptions.clusters was given). */
  suggestedK: number;
  clusters: SprayCluster[];
  /** Per member (in `paths` order): its 2-D spectral embedding and cluster id. */
  paths: string[];
  embedding: [number, number][];
  assignment: number[];
}

/**
 * Given to the worker at start: an Int32 the caller sets (Atomics) to the id of a request to cancel, so
 * the engine sees a cancel between two runs without waiting for its event loop.
 */
export interface WorkerData {
  cancelFlag: SharedArrayBuffer;
}

export type ToWorker =
  | { id: number; type: 'explain'; request: ExplainRequest }
  | { id: number; type: 'inspect'; model: ModelSource }
  | { id: number; type: 'report'; model: ModelSource }
  | { id: number; type: 'structure'; path: string }
  | { id: number; type: 'suggestPresets'; model: ModelSource; imagePath: string }
  | { id: number; type: 'clearCache' }
  | { id: number; type: 'export'; request: ExportRequest }
  | { id: number; type: 'explainFolder'; request: FolderRequest }
  /** SpRAy over results folders (merged shards): seconds of CPU for thousands of maps, so off the caller's thread. */
  | { id: number; type: 'clusterFolder'; outs: string[]; options?: SprayOptions }
  /** report.html and results.csv of results folders, into `into`. */
  | { id: number; type: 'writeDatasetReport'; outs: string[]; into: string; options?: ReportOptions }
  /** Stop request `target` at its next checkpoint (or before it starts). */
  | { id: number; type: 'cancel'; target: number };

/** When the worker took a request up and when its answer was ready (Date.now()), for the view's timeline. */
export interface WorkerTrace {
  received: number;
  done: number;
}

export type FromWorker =
  | { id: number; type: 'explained'; result: ExplainResult; trace: WorkerTrace }
  | { id: number; type: 'inspected'; info: ModelInfo }
  | { id: number; type: 'reported'; report: ModelReport }
  | { id: number; type: 'structured'; structure: ModelStructure }
  | { id: number; type: 'presetsSuggested'; table: PresetTable }
  | { id: number; type: 'cleared' }
  | { id: number; type: 'exported'; result: ExportResult }
  | { id: number; type: 'progress'; fraction: number; message: string }
  | { id: number; type: 'folderProgress'; progress: FolderProgress }
  | { id: number; type: 'folderExplained'; summary: FolderSummary }
  | { id: number; type: 'folderClustered'; items: DatasetItem[]; classes: SprayClass[] }
  | { id: number; type: 'datasetReportWritten'; html: string; csv: string }
  | { id: number; type: 'error'; error: SerializedError };

// ---------------------------------------------------------------------------------------------------------
// Explanation view messages (extension host <-> webview)
// ---------------------------------------------------------------------------------------------------------

/** What the panel shows, in a form the serializer can re-run after a reload (no tensors). */
export interface ViewRequest {
  imagePath: string;
  method: MethodName;
  /** The class to explain; absent means the top-1 prediction. */
  target?: number;
  /** Parameters edited in the view; they win over the `explain.params.*` settings for this request only. */
  params?: MethodParams;
  /** Measure the map too (asked for in the view; kept for the request's later re-runs). */
  metrics?: MetricsRequest;
}

/** What is drawn and how: chosen in the view, kept with setState, sent along with image exports. */
export interface DisplaySettings {
  /** Which picture the main canvas shows. */
  picture: 'original' | 'heatmap' | 'overlay';
  /** Weight of the heatmap in the overlay, 0..1. */
  opacity: number;
  /** Sign mode: signed (both signs, diverging at 0), positive, negative or absolute (sequential). */
  colormap: Colormap;
  /** Percentile of the shown |R| that maps to full colour (0..100). */
  percentile: number;
  /** Compare mode: one colour scale shared by the maps in the same unit (true), or one per map (false, the default). */
  sharedScale: boolean;
  /** Black-box methods: the features' outlines drawn over the picture (absent: not drawn). */
  outline?: boolean;
}

/** Everything the webview persists with setState: enough to ask the host to explain again. */
export interface ViewState {
  requests: ViewRequest[];
  display?: DisplaySettings;
  /** Where the user was in the view shown for `requests`, so a tab switch (which reloads the webview) loses nothing. */
  ui?: ViewUi;
}

/** The view's own state of one shown result: kept with setState only, the host never reads it. */
export interface ViewUi {
  /** The explanation whose table and exports are shown (compare mode). */
  active: number;
  /** The open layer (by name) and the table's order and filter. */
  table?: { open?: string; query: { column?: string; descending: boolean; filter: string } };
  /** The neuron whose own map a card draws. */
  neuron?: { index: number; layer: string; channel: number };
  /** The page's scroll position. */
  scrollY: number;
}

/** How relevance is coloured: the engine's heatmap modes (src/render/colormap.ts), which the webview draws with. */
export type Colormap = HeatmapMode;

/**
 * One row of the layer table. Its neurons are `neuronCount` entries from `neuronOffset` in the explanation's
 * packed `neurons` and `activations` arrays: one buffer per explanation crosses to the webview, not one per layer.
 */
export interface ViewLayer extends Pick<LayerRecord, 'name' | 'op' | 'shape' | 'sum' | 'gap' | 'positive' | 'negative'> {
  neuronOffset: number;
  neuronCount: number;
}

export interface ViewModelInfo {
  /** File name of the model, for the header. */
  name: string;
  /** True when no model is configured (or it may not be loaded) and the bundled default explains. */
  isDefault: boolean;
  /** Why this model was used when it was not the configured one (e.g. an untrusted workspace). */
  note?: string;
  /** Where the model is: "bundled" for one that ships with the extension, else its (workspace-relative) path. */
  location?: string;
}

/** The engine's result as the view needs it: its scalars as they are, its tensors reduced for drawing. */
export interface ViewExplanation
  extends Pick<
    ExplainResult,
    | 'method'
    | 'params'
    | 'target'
    | 'label'
    | 'score'
    | 'explained'
    | 'top'
    | 'relevanceSum'
    | 'completenessError'
    | 'baselineScore'
    | 'conserved'
    | 'layerQuantity'
    | 'display'
    | 'notes'
    | 'timings'
    | 'sources'
    | 'metrics'
    | 'geometry'
    | 'original'
    | 'transparencyFlattened'
    | 'segmentation'
  > {
  request: ViewRequest;
  imageName: string;
  model: ViewModelInfo;
  methodLabel: string;
  /** Relevance per pixel (summed over channels; a class activation map upsampled), row-major, same size as `display`. */
  heatmap: { data: Float32Array; width: number; height: number };
  layers: ViewLayer[];
  /** Every layer's relevance per neuron, packed in layer order (see ViewLayer). */
  neurons: Float32Array;
  /** Every layer's mean activation per neuron, packed like `neurons`. */
  activations: Float32Array;
}

/** One editable method parameter, described from the extension manifest's `explain.params.*` schema. */
export interface ViewParamField {
  key: keyof MethodParams;
  /** What the card calls it ("Rule on max-pooling", not `deepliftMaxPool`). */
  label: string;
  kind: 'number' | 'integer' | 'choice' | 'boolean' | 'text';
  /** For `choice` and `boolean`: the allowed values ('' is the engine's default). */
  options?: string[];
  /** What the card shows for each of `options` (the manifest's enumItemLabels); the value itself where absent. */
  optionLabels?: string[];
  /** The help text: the setting's description. */
  description: string;
}

/** A method as the command palette's switch lists it, with the parameters it reads. */
export interface ViewMethod {
  name: MethodName;
  label: string;
  description: string;
  defaults: MethodParams;
  params: (keyof MethodParams)[];
}

/**
 * Wall-clock marks (Date.now() of this machine) along one explanation's path from the command to the painted
 * view, so a slow step can be named: the host sets the first ones, the view adds `arrived` and `painted`.
 */
export interface Timeline {
  /** The command reached the extension host. */
  invoked?: number;
  /** The request went to the engine worker, and the worker took it up. */
  engineSent?: number;
  workerReceived?: number;
  /** The worker posted its result, and the host had it. */
  workerDone?: number;
  engineDone?: number;
  /** The host posted the result to the webview. */
  posted?: number;
  /** The result reached the webview's script. */
  arrived?: number;
  /** The first frame with it was painted. */
  painted?: number;
}

/** Commands the panel's buttons may run; the host runs nothing else on the view's behalf. */
export type ViewCommand = 'explain.selectModel' | 'explain.switchMethod' | 'explain.chooseTarget' | 'explain.showOutput' | 'explain.openSettings' | 'explain.cancel';

/** What can be saved from the view into the workspace. */
export type ExportKind = 'overlay' | 'heatmap' | 'json' | 'csv';

/** What can be saved of a neuron whose own map is shown: its pictures as drawn, and its values (.npy). */
export type NeuronExportKind = 'overlay' | 'heatmap' | 'npy';

/** One neuron of a feature map: channel `channel` of the layer named `layer` (ViewLayer.name). */
export interface NeuronRef {
  layer: string;
  channel: number;
}

export type ToView =
  /** One explanation, or several of the same image side by side (Compare Methods). */
  | {
      type: 'show';
      /** The `explain.colormap` setting: the sign mode unless the user picked another in the view. */
      colormap: Colormap;
      methods: ViewMethod[];
      paramFields: ViewParamField[];
      explanations: ViewExplanation[];
      /** Host clock (Date.now()) when posted: the view reports how long the message took to arrive. */
      sentAt: number;
      /**
       * The display the view last reported (a `display` message), kept by the host: after a window reload it can
       * be newer than the webview's own saved state, which the web workbench persists only every few seconds.
       */
      display?: DisplaySettings;
      /** The path so far (the view completes it and reports it back with `rendered`). */
      timeline?: Timeline;
    }
  /** The colormap setting changed: redraw what is shown, nothing new from the engine. */
  | { type: 'colormap'; colormap: Colormap }
  /** `model`: with an error, the model the failed run asked for (the result still shown may be another's). */
  | { type: 'status'; busy: boolean; text?: string; error?: boolean; model?: ViewModelInfo }
  /** How far the running explanation is (0..1), and the engine's words for it ("Integrated gradients: 12/32"). */
  | { type: 'progress'; fraction: number; message: string }
  /** The answer to a `layerMap` request: that layer's relevance per position, [C, h, w] (ExplainResult.layerMap). */
  | { type: 'layerMap'; request: number; index: number; layer: string; data: Float32Array; dims: number[] }
  /** The model inspector's graph asked for a layer: its row opens (and scrolls into view) in the layer table. */
  | { type: 'openLayer'; layer: string };

export type FromView =
  | { type: 'ready' }
  /** Sent after drawing, so the host (and its tests) know what the user actually sees. */
  | {
      type: 'rendered';
      methods: MethodName[];
      relevanceSums: number[];
      /** From the message's arrival to the first frame painted with it. */
      renderMs: number;
      /** From the host posting the message to its arrival (both clocks are this machine's). */
      transferMs: number;
      timeline?: Timeline;
    }
  | { type: 'run'; command: ViewCommand }
  /**
   * Explain again with these requests (another target, method or parameters; a method added to or removed
   * from the comparison). The host only accepts requests for the image already shown.
   */
  | { type: 'rerun'; requests: ViewRequest[] }
  /** Save one explanation's pictures (as displayed), its result JSON or its table as CSV into the workspace. */
  | { type: 'export'; what: ExportKind; index: number; display: DisplaySettings }
  /** Save the own map of the neuron shown over explanation `index`, named after its layer and channel. */
  | { type: 'exportNeuron'; what: NeuronExportKind; index: number; neuron: NeuronRef; display: DisplaySettings }
  /** The user changed how things are drawn: the host keeps it for a restore (see `show`'s `display`). */
  | { type: 'display'; display: DisplaySettings }
  /**
   * A neuron was selected: the map of its layer for shown explanation `index` (its request re-run with
   * ExplainRequest.layerMap). `request` is the view's id for the answer, so a late one is recognised.
   */
  | { type: 'layerMap'; request: number; index: number; layer: string };

// ---------------------------------------------------------------------------------------------------------
// Model inspector messages (extension host <-> the .onnx custom editor's webview)
// ---------------------------------------------------------------------------------------------------------

/** The configuration form's fields as the user edits them: written into `<model>.explain.json` as they are. */
export interface InspectorConfig {
  input: PreprocessingConfig;
  /** A labels file (relative to the model's folder or absolute); absent: none written. */
  labels?: string;
}

export type ToInspector =
  /** The file read without its weights: the summary and the graph can be drawn. */
  | { type: 'structure'; structure: ModelStructure }
  /** What the engine made of the model: the methods it can run, the path's ops, the configuration found. */
  | { type: 'report'; report: ModelReport; presets: { name: PresetName; summary: string }[] }
  /** The file could not be read or the engine refused it: the message, and which of the two stages failed. */
  | { type: 'error'; stage: 'structure' | 'report'; message: string }
  /** The layers of the last explanation of this model (the graph's nodes show them); empty: none yet. */
  | { type: 'relevance'; method: string; imageName: string; layers: InspectorLayer[] }
  /** The configuration was saved (or not): a line for the form. */
  | { type: 'saved'; ok: boolean; message: string };

/** What the inspector's webview drew, read back from its page (tests and the log see what the user sees). */
export interface InspectorDrawn {
  /** `error`: the file could not be read or the engine refused it; `errors` has what the page says. */
  section: 'structure' | 'report' | 'relevance' | 'error';
  errors: string[];
  /** The "Can it be explained?" table's rows: each op and the methods it is marked as blocking. */
  ops: { op: string; blocks: string[] }[];
  /** Boxes drawn in the graph (nodes, or blocks of them), and how many show a layer's relevance. */
  graphBoxes: number;
  relevanceBoxes: number;
}

export type FromInspector =
  | { type: 'ready' }
  | { type: 'drawn'; drawn: InspectorDrawn }
  /** Set `explain.model` to this model. */
  | { type: 'useModel' }
  /** Pick an image and explain it with this model. */
  | { type: 'explainImage' }
  /** Write the form into the model's `.explain.json` (validated by the host against the schema). */
  | { type: 'saveConfig'; config: InspectorConfig }
  /** A graph node was clicked: open its layer's row in the explanation's layer table. */
  | { type: 'openLayer'; layer: string };

// ---------------------------------------------------------------------------------------------------------
// Dataset view messages (extension host <-> the Dataset webview of an explained folder, issue 14)
// ---------------------------------------------------------------------------------------------------------

/** A result as the Dataset view draws it: the item, its thumbnail as a webview URI and its stored map's values. */
export interface DatasetViewItem {
  item: DatasetItem;
  thumbnailUri: string;
  /** The stored map (DatasetItem.map), row-major, map.width x map.height. */
  map: number[];
}

/** What the Dataset view shows besides its items: the run it comes from. */
export interface DatasetRunInfo {
  folder: string;
  out: string;
  method: MethodName;
  model: string;
}

export type ToDataset =
  | { type: 'run'; run: DatasetRunInfo }
  | { type: 'items'; items: DatasetViewItem[]; progress?: FolderProgress }
  | { type: 'finished'; seconds: number; explained: number; resumed: number; failed: DatasetFailure[] }
  | { type: 'clusters'; classes: SprayClass[] }
  | { type: 'reportWritten'; html: string }
  | { type: 'error'; message: string };

/** What the Dataset view has drawn, reported after every message (the extension-host tests read it). */
export interface DatasetDrawn {
  tiles: number;
  /** The grid's thumbnails loaded (two per tile: the image, and under its map), so the results folder is readable by the page. */
  thumbnailsLoaded: number;
  classMeans: number;
  clusterClasses: number;
  clusters: number;
  errors: string[];
}

export type FromDataset =
  | { type: 'ready' }
  | { type: 'drawn'; drawn: DatasetDrawn }
  /** Open the usual explanation view of the image at this DatasetItem path. */
  | { type: 'open'; path: string }
  | { type: 'writeReport' }
  /** The user's cluster names (as DatasetViewState keeps them), for the report: sent on load and on every edit. */
  | { type: 'clusterNames'; names: Record<string, string> };

/** The Dataset page's setState: how the grid is sorted and the user's names for clusters ("class/cluster" -> name). */
export interface DatasetViewState {
  sort: DatasetSortKey;
  descending: boolean;
  clusterLabels: Record<string, string>;
}

export type DatasetSortKey = 'path' | 'predicted' | 'score' | 'probability' | 'correct';
