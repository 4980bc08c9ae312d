/**
 * What a map's numbers are, per method: the unit its colour bar is labelled in, and which maps may share one
 * colour scale. Only maps in the same unit can: occlusion's score drops (±84 on SqueezeNet) on the scale of a
 * gradient (±0.003) leave the gradient blank, and no one colour means one value across units. Pure, tested
 * under node.
 */
import type { MethodName } from '../../src/protocol';

export interface MapUnit {
  /** Maps with the same key are in the same unit. */
  key: string;
  /** How the colour bar names it. */
  label: string;
}

const GRADIENT: MapUnit = { key: 'gradient', label: 'logit per input unit' };
const LOGIT: MapUnit = { key: 'logit', label: 'logit' };

const UNITS: Record<MethodName, MapUnit> = {
  // Derivatives of the score by an input value (guided backprop and DeconvNet change the rule, not the unit).
  gradient: GRADIENT,
  smoothgrad: GRADIENT,
  'guided-backprop': GRADIENT,
  deconvnet: GRADIENT,
  // Shares of the score (or of f(x) - f(baseline)) per input value.
  'gradient-x-input': LOGIT,
  'integrated-gradients': LOGIT,
  lrp: LOGIT,
  taylor: LOGIT,
  'deep-taylor': LOGIT,
  deeplift: LOGIT,
  // The score lost when a whole patch is covered: per patch, not a pixel's share, so not with the shares above.
  occlusion: { key: 'score-drop', label: 'score drop (logit)' },
  cam: { key: 'cam', label: 'logit per position (the mean plus bias is the score)' },
  'grad-cam': { key: 'grad-cam', label: 'gradient-weighted activation' },
  'guided-grad-cam': { key: 'guided-grad-cam', label: 'guided gradient × Grad-CAM' },
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
