/**
 * What the view's method card calls each parameter: words a newcomer reads, where the setting's key
 * (`deepliftMaxPool`, `chunk`) is for the settings file. The help beside it is the setting's own description
 * (package.json), so the card and the Settings editor say the same; a unit test checks every parameter field
 * has a label here.
 */
export const PARAM_LABELS: Readonly<Record<string, string>> = {
  steps: 'Steps along the path',
  integration: 'Integration rule',
  samples: 'Samples (noisy copies, coalitions, orders or masks)',
  sigma: 'Noise level',
  seed: 'Random seed',
  chunk: 'Images per model pass',
  rule: 'Rule on every layer',
  composite: 'Rule preset',
  cpLrp: 'Attention held constant (CP-LRP)',
  epsilon: 'Epsilon (stabilizer)',
  alpha: 'Alpha (positive share)',
  beta: 'Beta (negative share)',
  gamma: 'Gamma (favours positive weights)',
  bias: 'Bias relevance',
  layer: 'Feature map (layer)',
  patch: 'Patch size (pixels)',
  stride: 'Patch step (pixels)',
  features: 'Features (grid, superpixels or patches)',
  deeplift: 'Rule on nonlinearities',
  deepliftMaxPool: 'Rule on max-pooling',
  deepliftRevealCancel: 'Where RevealCancel applies',
  baseline: 'Baseline (reference input)',
  baselineFolder: 'Folder of baseline images',
};
