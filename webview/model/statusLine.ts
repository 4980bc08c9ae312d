/**
 * The line at the top of the view: what the host is doing, or why the last run failed. A failed run names the
 * model it asked for, since the result still shown below may come from another (the bundled one, before
 * `explain.model` pointed elsewhere). Pure, tested under node.
 */
import type { ToView, ViewModelInfo } from '../../src/protocol';

type StatusMessage = Extract<ToView, { type: 'status' }>;

export function statusLine(message: Pick<StatusMessage, 'text' | 'error' | 'model'>): string {
  const text = message.text ?? '';
  if (!message.error || !message.model) return text;
  return `Explaining with ${modelWords(message.model)} failed: ${text}`;
}

/** "squeezenet1.1.onnx (bundled)", "resnet.onnx (models/resnet.onnx)". */
export function modelWords(model: ViewModelInfo): string {
  const where = model.isDefault ? 'bundled' : model.location;
  return where && where !== model.name ? `${model.name} (${where})` : model.name;
}
