/**
 * What the method picker and the status bar offer: every method in plain words first and its paper second,
 * with the LRP presets as choices of their own (a choice is a method plus, for LRP, a composite). The
 * default choice is marked "recommended" (why it is the default: README, "The default method").
 */
import type { CompositeName, MethodName } from '../src/protocol';
import { METHODS, describeDefaults, methodInfo } from './methods';

export interface MethodChoice {
  method: MethodName;
  /** For LRP: the preset, or '' for one rule everywhere (`explain.params.rule`). */
  composite?: CompositeName | '';
  /** Plain words: what the map shows. */
  label: string;
  /** The method's name in the literature, and where it comes from. */
  paper: string;
  /** The full description, with the defaults it runs with. */
  detail: string;
  recommended?: boolean;
  /** An LRP-family method (LRP, its presets, Deep Taylor): the picker links to the README's patent note. */
  patented?: true;
}

/** The README section on LRP's patents (its heading's anchor), and the picker's one-line mark beside those methods. */
export const PATENT_SECTION = 'lrp-and-patents';
export const PATENT_MARK = 'LRP is patented (Fraunhofer): see the README note';

const LRP_FAMILY: ReadonlySet<MethodName> = new Set(['lrp', 'deep-taylor']);

/** The default: `explain.method` lrp with `explain.params.composite` epsilon-plus (package.json says the same). */
export const DEFAULT_CHOICE = { method: 'lrp', composite: 'epsilon-plus' } as const;

const PLAIN: Record<MethodName, [label: string, paper: string]> = {
  gradient: ['Sensitivity: how each pixel moves the score', 'Saliency (gradient), Simonyan et al. 2013'],
  'gradient-x-input': ['Sensitivity times the pixel', 'Gradient x input, Shrikumar et al. 2016'],
  smoothgrad: ['Sensitivity averaged over noisy copies', 'SmoothGrad, Smilkov et al. 2017'],
  vargrad: ['How much the sensitivity varies over noisy copies', 'VarGrad, Adebayo et al. 2018'],
  squaregrad: ['Squared sensitivity averaged over noisy copies', 'SquareGrad (SmoothGrad-Squared), Hooker et al. 2019'],
  'integrated-gradients': ['Each pixel\'s share of the score, from a blank image to this one', 'Integrated Gradients, Sundararajan et al. 2017'],
  'expected-gradients': ['Each pixel\'s share of the score, averaged over many reference images', 'Expected Gradients, Erion et al. 2021'],
  'guided-backprop': ['Sharp edges the network reacts to', 'Guided backpropagation, Springenberg et al. 2015'],
  deconvnet: ['What the filters respond to, projected back', 'DeconvNet, Zeiler and Fergus 2014'],
  lrp: ['Evidence for the class, one rule on every layer (explain.params.rule)', 'LRP, Bach et al. 2015'],
  taylor: ['First-order share of the score, against a reference image', 'Taylor decomposition'],
  'deep-taylor': ['Evidence expanded layer by layer (ReLU networks)', 'Deep Taylor decomposition, Montavon et al. 2017'],
  cam: ['Where the class is, at feature-map resolution', 'CAM, Zhou et al. 2016'],
  'grad-cam': ['Where the class evidence is, coarse', 'Grad-CAM, Selvaraju et al. 2017'],
  'guided-grad-cam': ['Fine edges inside the class region', 'Guided Grad-CAM, Selvaraju et al. 2017'],
  'grad-cam++': ['Where the class evidence is, several instances at once', 'Grad-CAM++, Chattopadhay et al. 2018'],
  'layer-cam': ['Where the class evidence is, finer, from any layer', 'LayerCAM, Jiang et al. 2021'],
  'xgrad-cam': ['Where the class evidence is, activation-normalized weights', 'XGrad-CAM, Fu et al. 2020'],
  'score-cam': ['Where the class evidence is, by masking the image with each channel', 'Score-CAM, Wang et al. 2020'],
  'eigen-cam': ['The layer\'s dominant pattern, whatever the class', 'Eigen-CAM, Muhammad and Yeasin 2020'],
  occlusion: ['How much the score drops when a patch is covered', 'Occlusion, Zeiler and Fergus 2014'],
  deeplift: ['Each pixel\'s share of the difference from a reference', 'DeepLIFT, Shrikumar et al. 2017'],
  'shapley-sampling': ['Each region\'s fair share of the score, from random orders (any model)', 'Shapley value sampling, Strumbelj and Kononenko 2014'],
  'kernel-shap': ['Each region\'s fair share of the score, from a weighted fit (any model)', 'Kernel SHAP, Lundberg and Lee 2017'],
  lime: ['Regions a local linear model leans on (any model)', 'LIME, Ribeiro et al. 2016'],
  rise: ['Score averaged over random masks that keep each pixel (any model)', 'RISE, Petsiuk et al. 2018'],
  sobol: ['Share of the score\'s variance each region drives (any model)', 'Sobol attribution, Fel et al. 2021'],
  xrai: ['Regions ranked by their attribution, most important first', 'XRAI, Kapishnikov et al. 2019'],
};

const COMPOSITES: { composite: CompositeName; label: string; paper: string; detail: string }[] = [
  {
    composite: 'epsilon-plus',
    label: 'Evidence for the class, layer by layer',
    paper: 'LRP epsilon-plus, Montavon et al. 2019 / Zennit',
    detail: 'Relevance passed down from the score: z+ on convolutions, epsilon on dense layers. Red where the image speaks for the class, at pixel resolution; about the cost of a gradient.',
  },
  {
    composite: 'epsilon-plus-flat',
    label: 'Evidence for the class, smoothed at the pixels',
    paper: 'LRP epsilon-plus-flat, Zennit',
    detail: 'As epsilon-plus, with the flat rule on the first layer: relevance spread evenly over each first-layer window, so blockier but without pixel noise.',
  },
  {
    composite: 'epsilon-alpha2-beta1',
    label: 'Evidence for and against the class',
    paper: 'LRP epsilon-alpha2-beta1, Bach et al. 2015 / Zennit',
    detail: 'Alpha2-beta1 on convolutions (positive contributions weighted 2, negative 1), epsilon on dense layers: shows counter-evidence in blue as well.',
  },
  {
    composite: 'epsilon-gamma-box',
    label: 'Evidence for the class, favouring positive weights',
    paper: 'LRP epsilon-gamma-box, Montavon et al. 2019 / Zennit',
    detail: 'Gamma on convolutions, epsilon on dense layers, the z-box rule on the first layer (bounds from the preprocessing).',
  },
];

function plainChoice(method: MethodName): MethodChoice {
  const info = methodInfo(method)!;
  const defaults = describeDefaults(info);
  const [label, paper] = PLAIN[method];
  return {
    method,
    ...(method === 'lrp' ? { composite: '' as const } : {}),
    label,
    paper,
    detail: defaults ? `${info.description} Defaults: ${defaults}.` : info.description,
    ...(LRP_FAMILY.has(method) ? { patented: true as const } : {}),
  };
}

/** Every choice, in the engine's method order, LRP's presets before its one-rule form; the default first among them. */
export function methodChoices(): MethodChoice[] {
  return METHODS.flatMap((m): MethodChoice[] =>
    m.name === 'lrp'
      ? [
          ...COMPOSITES.map((c) => ({ method: 'lrp' as const, ...c, recommended: c.composite === DEFAULT_CHOICE.composite, patented: true as const })),
          plainChoice('lrp'),
        ]
      : [plainChoice(m.name)],
  );
}

/** The choice the settings make: an LRP preset when LRP runs with one, else the method. */
export function currentChoice(method: MethodName, composite: string | undefined): MethodChoice {
  const all = methodChoices();
  if (method === 'lrp') return all.find((c) => c.method === 'lrp' && c.composite === (composite ?? '')) ?? plainChoice('lrp');
  return all.find((c) => c.method === method) ?? plainChoice(method);
}

/** The short name for the status bar: the paper's name without its authors. */
export function shortName(choice: MethodChoice): string {
  return choice.paper.split(',')[0].replace(/ \(.*\)$/, '');
}
