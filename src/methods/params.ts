/**
 * Which parameters each method reads: those it has defaults for, plus the ones without a fixed default.
 * The CLI warns about options a method ignores from this, and the view offers editors from it.
 */
import type { MethodName, MethodParams } from '../protocol';
import { METHODS } from '.';

/**
 * Parameters a method reads that have no fixed default (so they are missing from its `defaults`): the LRP
 * rule family's constants and composite, the Grad-CAM layer (default: found in the graph), the occlusion
 * patch (default: from the image size).
 */
const OPTIONAL_PARAMS: Partial<Record<MethodName, (keyof MethodParams)[]>> = {
  lrp: ['composite', 'gamma', 'alpha', 'beta', 'cpLrp'],
  'grad-cam': ['layer'],
  'guided-grad-cam': ['layer'],
  'grad-cam++': ['layer'],
  'layer-cam': ['layer'],
  'xgrad-cam': ['layer'],
  'score-cam': ['layer'],
  'eigen-cam': ['layer'],
  occlusion: ['patch', 'stride'],
  deeplift: ['deepliftRevealCancel'],
  'expected-gradients': ['baselineFolder'],
};

/** The parameters `name` reads, its defaults' first. */
export function methodParams(name: MethodName): (keyof MethodParams)[] {
  const m = METHODS.find((x) => x.name === name);
  const own = m ? (Object.keys(m.defaults) as (keyof MethodParams)[]) : [];
  return [...own, ...(OPTIONAL_PARAMS[name] ?? []).filter((p) => !own.includes(p))];
}

/**
 * Whether `name` reads `param` at all: its own parameters, the chunk size every method's passes are cut
 * by, and the seed wherever a draw is random (SmoothGrad, a noise baseline).
 */
export function readsParam(name: MethodName, param: keyof MethodParams): boolean {
  if (param === 'chunk') return true;
  const own = methodParams(name);
  if (param === 'seed') return own.includes('seed') || own.includes('baseline');
  return own.includes(param);
}
