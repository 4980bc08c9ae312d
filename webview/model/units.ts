/**
 * What a map's numbers are, per method: the unit its colour bar is labelled in, and which maps may share one
 * colour scale. Only maps in the same unit can: occlusion's score drops (±84 on SqueezeNet) on the scale of a
 * gradient (±0.003) leave the gradient blank, and no one colour means one value across units. Pure, tested
 * under node.
 */
import type { Colormap, MethodName } from '../../src/protocol';

export interface MapUnit {
  /** Maps with the same key are in the same unit. */
  key: string;
  /** How the colour bar names it. */
  label: string;
}

const GRADIENT: MapUnit = { key: 'gradient', label: 'logit per input unit' };
const GRADIENT_SQUARED: MapUnit = { key: 'gradient-squared', label: '(logit per input unit)²' };
const LOGIT: MapUnit = { key: 'logit', label: 'logit' };
/** A whole feature's effect on the score, carried by each of its pixels (Captum's convention). */
const PER_FEATURE: MapUnit = { key: 'feature', label: 'logit per feature (each pixel shows its feature\'s value)' };

const UNITS: Record<MethodName, MapUnit> = {
  // Derivatives of the score by an input value (guided backprop and DeconvNet change the rule, not the unit).
  gradient: GRADIENT,
  smoothgrad: GRADIENT,
  // The variance and the mean square of the same gradients.
  vargrad: GRADIENT_SQUARED,
  squaregrad: GRADIENT_SQUARED,
  'guided-backprop': GRADIENT,
  deconvnet: GRADIENT,
  // Shares of the score (or of f(x) - f(baseline)) per input value.
  'gradient-x-input': LOGIT,
  'integrated-gradients': LOGIT,
  'expected-gradients': LOGIT,
  lrp: LOGIT,
  taylor: LOGIT,
  'deep-taylor': LOGIT,
  deeplift: LOGIT,
  // The score lost when a whole patch is covered: per patch, not a pixel's share, so not with the shares above.
  occlusion: { key: 'score-drop', label: 'score drop (logit)' },
  cam: { key: 'cam', label: 'logit per position (the mean plus bias is the score)' },
  'grad-cam': { key: 'grad-cam', label: 'gradient-weighted activation' },
  'guided-grad-cam': { key: 'guided-grad-cam', label: 'guided gradient × Grad-CAM' },
  // Each its own weighting of the activations: no two share a scale.
  'grad-cam++': { key: 'grad-cam++', label: 'Grad-CAM++ weighted activation' },
  'layer-cam': { key: 'layer-cam', label: 'positive-gradient-weighted activation' },
  'xgrad-cam': { key: 'xgrad-cam', label: 'XGrad-CAM weighted activation' },
  'score-cam': { key: 'score-cam', label: 'score-weighted activation' },
  'eigen-cam': { key: 'eigen-cam', label: 'first principal component of the activations' },
  'shapley-sampling': PER_FEATURE,
  'kernel-shap': PER_FEATURE,
  lime: PER_FEATURE,
  rise: { key: 'rise', label: 'mean score (logit) of the masks keeping the pixel' },
  sobol: { key: 'sobol', label: 'total Sobol index (share of the score\'s variance)' },
  xrai: { key: 'xrai', label: 'integrated-gradients density of the pixel\'s region (logit per input value)' },
};

export function mapUnit(method: MethodName): MapUnit {
  return UNITS[method];
}

/** Methods whose maps may share a colour scale: groups of two or more in one unit, in the order shown. */
export function scaleGroups(methods: readonly MethodName[]): { unit: MapUnit; members: number[] }[] {
  const groups = new Map<string, { unit: MapUnit; members: number[] }>();
  methods.forEach((m, i) => {
    const unit = mapUnit(m);
    const group = groups.get(unit.key) ?? { unit, members: [] };
    group.members.push(i);
    groups.set(unit.key, group);
  });
  return [...groups.values()].filter((g) => g.members.length > 1);
}

/**
 * Methods whose map's total says nothing: a class activation map's, a sum of overlapping patches' score drops,
 * a feature's value repeated on each of its pixels, RISE's mean scores, Sobol's variance shares, XRAI's region densities.
 */
const NO_SUM: readonly MethodName[] = ['cam', 'grad-cam', 'guided-grad-cam', 'grad-cam++', 'layer-cam', 'xgrad-cam', 'score-cam', 'eigen-cam', 'occlusion', 'shapley-sampling', 'kernel-shap', 'lime', 'rise', 'sobol', 'xrai'];

export function sumMeans(method: MethodName): boolean {
  return !NO_SUM.includes(method);
}

/**
 * One plain sentence under a map: what its colours say about the class, in the method's own terms, for the
 * colour mode the map is drawn in (a Grad-CAM map has no negative side, so it is drawn bright on dark).
 */
export function mapSentence(method: MethodName, label: string, mode: Colormap): string {
  const what = WHAT[method] ?? WHAT.default!;
  const [up, down] = what(label);
  switch (mode) {
    case 'signed':
      return `Red: ${up}; blue: ${down}.`;
    case 'positive':
      return `Bright: ${up}.`;
    case 'negative':
      return `Bright: ${down}.`;
    case 'absolute':
      return `Bright: where the score of ${label} moves most, either way.`;
  }
}

type Say = (label: string) => [raised: string, lowered: string];

const WHAT: Partial<Record<MethodName | 'default', Say>> = {
  default: (l) => [`pixels that raised the score of ${l}`, 'pixels that lowered it'],
  gradient: (l) => [`pixels where a brighter value would raise the score of ${l}`, 'where it would lower it'],
  smoothgrad: (l) => [`pixels where a brighter value would raise the score of ${l} (averaged over noisy copies)`, 'where it would lower it'],
  vargrad: (l) => [`pixels where the sensitivity of ${l} changes most under noise`, 'pixels where it is steady'],
  squaregrad: (l) => [`pixels where the score of ${l} is most sensitive, either way (averaged over noisy copies)`, 'pixels where it is insensitive'],
  'guided-backprop': (l) => [`edges and detail the network passes on towards ${l}`, 'detail it passes on against it'],
  deconvnet: (l) => [`patterns the network reconstructs for ${l}`, 'patterns it reconstructs against it'],
  cam: (l) => [`regions that raise the score of ${l}`, 'regions that lower it'],
  'grad-cam': (l) => [`regions the class ${l} relies on`, 'regions that speak against it'],
  'guided-grad-cam': (l) => [`detail that raises the score of ${l}, within the regions it relies on`, 'detail that lowers it'],
  'grad-cam++': (l) => [`regions the class ${l} relies on`, 'regions that speak against it'],
  'layer-cam': (l) => [`regions the class ${l} relies on`, 'regions that speak against it'],
  'xgrad-cam': (l) => [`regions the class ${l} relies on`, 'regions that speak against it'],
  'score-cam': (l) => [`regions that, kept alone, raise the score of ${l}`, 'regions that lower it'],
  'eigen-cam': () => ['where the layer\'s dominant pattern is (the same for every class)', 'where it is absent'],
  occlusion: (l) => [`covering this patch lowers the score of ${l} by the value shown`, 'covering it raises the score'],
};
