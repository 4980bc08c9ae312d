/**
 * The preprocessing recipes of the libraries models come from, by name (the `preset` of a model
 * configuration; explicit fields override it), each with where it is defined. Width, height and layout are
 * never part of a preset: they come from the model (NHWC for tf2onnx/Keras exports).
 *
 * A preset's `crop` is the size its library crops to; on a model of another size the resize is scaled with
 * it (torchvision's Resize(256)/CenterCrop(224) becomes shorter side floor(S * 256/224) for a crop of S),
 * which is what the libraries' size-parameterised factories do.
 */
import type { PresetName, PreprocessingConfig } from '../protocol';

export interface Preset {
  /** One line: what it is for. */
  summary: string;
  /** Where the values are defined (library, file, symbol), so a reader can check them. */
  source: string;
  input: PreprocessingConfig;
  /** Gray presets apply to 1-channel models, the others to 3-channel ones. */
  channels: 1 | 3;
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
const INCEPTION_MEAN = [0.5, 0.5, 0.5];
const INCEPTION_STD = [0.5, 0.5, 0.5];
const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];
const BY_255 = 1 / 255;

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  torchvision: {
    summary: 'torchvision ImageNet weights: RGB /255, ImageNet mean/std, shorter side 256 bilinear, centre 224',
    source: 'torchvision/transforms/_presets.py ImageClassification(crop_size=224, resize_size=256), the transforms of every IMAGENET1K weight',
    input: { channels: 'RGB', scale: BY_255, mean: IMAGENET_MEAN, std: IMAGENET_STD, resize: { shorter: 256 }, crop: 224, interpolation: 'bilinear' },
    channels: 3,
  },
  'torchvision-inception': {
    summary: 'torchvision Inception v3: as torchvision with shorter side 342, centre 299',
    source: 'torchvision/models/inception.py Inception_V3_Weights.IMAGENET1K_V1: ImageClassification(crop_size=299, resize_size=342)',
    input: { channels: 'RGB', scale: BY_255, mean: IMAGENET_MEAN, std: IMAGENET_STD, resize: { shorter: 342 }, crop: 299, interpolation: 'bilinear' },
    channels: 3,
  },
  timm: {
    summary: 'timm ImageNet models: RGB /255, ImageNet mean/std, bicubic, crop_pct 0.875',
    source: 'timm/data/constants.py DEFAULT_CROP_PCT, IMAGENET_DEFAULT_MEAN/STD; timm/data/transforms_factory.py transforms_imagenet_eval (Resize(floor(size / crop_pct)), CenterCrop(size))',
    input: { channels: 'RGB', scale: BY_255, mean: IMAGENET_MEAN, std: IMAGENET_STD, crop: { crop_pct: 0.875 }, interpolation: 'bicubic' },
    channels: 3,
  },
  'timm-inception': {
    summary: 'timm ViT/Inception family: RGB /255, mean 0.5 std 0.5 (-1..1), bicubic, crop_pct 0.875',
    source: 'timm/data/constants.py IMAGENET_INCEPTION_MEAN/STD, used by the pretrained_cfg of inception_v3 and most ViTs',
    input: { channels: 'RGB', scale: BY_255, mean: INCEPTION_MEAN, std: INCEPTION_STD, crop: { crop_pct: 0.875 }, interpolation: 'bicubic' },
    channels: 3,
  },
  'keras-caffe': {
    summary: 'Keras VGG/ResNet50: BGR 0..255 minus the ImageNet mean pixel (103.939, 116.779, 123.68)',
    source: 'keras/applications/imagenet_utils.py preprocess_input mode="caffe"; keras.utils.load_img(target_size) resizes with PIL nearest',
    input: { channels: 'BGR', scale: 1, mean: [103.939, 116.779, 123.68], std: [1, 1, 1], resize: 'stretch', interpolation: 'nearest' },
    channels: 3,
  },
  'keras-tf': {
    summary: 'Keras MobileNet/Inception/Xception: RGB scaled to -1..1',
    source: 'keras/applications/imagenet_utils.py preprocess_input mode="tf" (x / 127.5 - 1); load_img resizes with PIL nearest',
    input: { channels: 'RGB', scale: 1 / 127.5, mean: [1, 1, 1], std: [1, 1, 1], resize: 'stretch', interpolation: 'nearest' },
    channels: 3,
  },
  'keras-torch': {
    summary: 'Keras DenseNet: RGB /255, ImageNet mean/std',
    source: 'keras/applications/imagenet_utils.py preprocess_input mode="torch"; load_img resizes with PIL nearest',
    input: { channels: 'RGB', scale: BY_255, mean: IMAGENET_MEAN, std: IMAGENET_STD, resize: 'stretch', interpolation: 'nearest' },
    channels: 3,
  },
  clip: {
    summary: "OpenAI CLIP image encoders: RGB /255, CLIP's mean/std, shorter side to the input size bicubic, centre crop",
    source: 'openai/CLIP clip/clip.py _transform: Resize(n_px, BICUBIC), CenterCrop(n_px), Normalize((0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711))',
    input: { channels: 'RGB', scale: BY_255, mean: CLIP_MEAN, std: CLIP_STD, crop: { crop_pct: 1 }, interpolation: 'bicubic' },
    channels: 3,
  },
  unit: {
    summary: 'RGB scaled to 0..1, nothing else (torchvision ToTensor alone)',
    source: 'torchvision/transforms/functional.py to_tensor (divides by 255)',
    input: { channels: 'RGB', scale: BY_255, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch', interpolation: 'bilinear' },
    channels: 3,
  },
  raw: {
    summary: 'RGB pixel values 0..255 as they are',
    source: 'no library: the decoded bytes as float',
    input: { channels: 'RGB', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch', interpolation: 'bilinear' },
    channels: 3,
  },
  'raw-bgr': {
    summary: 'BGR pixel values 0..255 as they are (Caffe models with the mean folded in, e.g. the ONNX zoo and WinML SqueezeNet)',
    source: 'BVLC Caffe channel order (OpenCV decodes BGR); onnx/models squeezenet1.1 and Windows ML samples feed 0..255 BGR',
    input: { channels: 'BGR', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch', interpolation: 'bilinear' },
    channels: 3,
  },
  mnist: {
    summary: 'MNIST digits: gray scaled to 0..1 (white digit on black)',
    source: 'torchvision/datasets/mnist.py with transforms.ToTensor(), the pytorch/examples mnist recipe without Normalize',
    input: { channels: 'gray', scale: BY_255, mean: [0], std: [1], resize: 'stretch', interpolation: 'bilinear' },
    channels: 1,
  },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/** The presets that can feed a model with this many channels (unknown: all). */
export function presetsFor(channels: number | undefined): PresetName[] {
  return PRESET_NAMES.filter((name) => channels === undefined || PRESETS[name].channels === channels);
}
