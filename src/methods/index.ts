/** Every attribution method, by name: the CLI, the worker and the extension's method switch read this list. */
import { ExplainError } from '../errors';
import type { MethodName } from '../protocol';
import type { GraphMethod, Method } from './method';
import { deconvnet } from './deconvnet';
import { gradient } from './gradient';
import { gradientXInput } from './gradientXInput';
import { guidedBackprop } from './guidedBackprop';
import { integratedGradients } from './integratedGradients';
import { lrp } from './lrp';
import { smoothgrad, squareGrad, varGrad } from './smoothgrad';
import { cam } from './cam';
import { deepTaylor } from './deepTaylor';
import { gradCam } from './gradCam';
import { guidedGradCam } from './guidedGradCam';
import { occlusion } from './occlusion';
import { taylor } from './taylor';
import { deeplift } from './deeplift';
import { gradCamPlusPlus, layerCam, xGradCam } from './gradientCams';
import { scoreCam } from './scoreCam';
import { eigenCam } from './eigenCam';
import { expectedGradients } from './expectedGradients';
import { shapleySampling } from './shapleySampling';
import { kernelShap } from './kernelShap';
import { lime } from './lime';
import { rise } from './rise';
import { sobol } from './sobol';
import { xrai } from './xrai';

export const METHODS: readonly Method[] = [gradient, gradientXInput, smoothgrad, integratedGradients, guidedBackprop, deconvnet, lrp, taylor, deepTaylor, cam, gradCam, guidedGradCam, occlusion, deeplift, gradCamPlusPlus, layerCam, xGradCam, scoreCam, eigenCam, varGrad, squareGrad, expectedGradients, shapleySampling, kernelShap, lime, rise, sobol, xrai];

export function methodByName(name: string): Method {
  const m = METHODS.find((x) => x.name === name);
  if (!m) throw new ExplainError('BAD_ARGUMENT', `Unknown method "${name}". Methods: ${METHODS.map((x) => x.name).join(', ')}.`);
  return m;
}

/** A method that compiles an explanation graph, by name (the compiler's tests and the profiler build its graph). */
export function graphMethodByName(name: string): GraphMethod {
  const m = methodByName(name);
  if (m.forwardOnly) throw new ExplainError('BAD_ARGUMENT', `${m.title} runs forward passes only and compiles no graph.`);
  return m;
}

export function isMethodName(name: string): name is MethodName {
  return METHODS.some((m) => m.name === name);
}
