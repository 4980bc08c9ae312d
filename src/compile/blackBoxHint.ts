/**
 * What a refusal of the compiler (or of the passes before it) tells the user to do instead: the black-box
 * methods run the model file as onnxruntime loads it and need no backward, so they explain it anyway.
 */
import { ExplainError } from '../errors';

export const BLACK_BOX_METHODS = ['kernel-shap', 'rise', 'occlusion'] as const;

export const BLACK_BOX_HINT = `use ${BLACK_BOX_METHODS.slice(0, -1).join(', ')} or ${BLACK_BOX_METHODS.at(-1)} for this model (they run forward passes only, on the model as onnxruntime loads it)`;

/** The same error with the hint appended (once), for the refusals a black-box method avoids. */
export function withBlackBoxHint(e: unknown): unknown {
  if (!(e instanceof ExplainError) || (e.code !== 'UNSUPPORTED_OP' && e.code !== 'UNSUPPORTED_MODEL') || e.message.includes(BLACK_BOX_HINT)) return e;
  const message = `${e.message.replace(/\.?$/, '')}; ${BLACK_BOX_HINT}.`;
  return new ExplainError(e.code, message, e.detail);
}
