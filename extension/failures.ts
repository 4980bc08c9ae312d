/**
 * Turns any error into a short message with the actions that fix it; details go to the Output channel.
 * Messages never block the command that failed: the action runs when the user picks it.
 */
import * as vscode from 'vscode';
import { ExplainError, type ErrorCode } from '../src/errors';
import { Commands, EXTENSION_ID } from './ids';
import type { Log } from './log';

export interface FailureAction {
  title: string;
  command: string;
  args?: unknown[];
}

export interface Failure {
  code: ErrorCode;
  message: string;
  actions: FailureAction[];
}

const selectModel: FailureAction = { title: 'Select Model...', command: Commands.selectModel };
const openSettings: FailureAction = {
  title: 'Open Settings',
  command: 'workbench.action.openSettings',
  args: [`@ext:${EXTENSION_ID}`],
};
const showDetails: FailureAction = { title: 'Show Details', command: Commands.showOutput };
const chooseImage: FailureAction = { title: 'Choose Another Image...', command: Commands.explain };

/** What to add to the engine's message, and which actions help, per error code. */
const ADVICE: Record<ErrorCode, { hint?: string; actions: FailureAction[] }> = {
  MODEL_NOT_FOUND: { hint: 'Select a model or fix the "explain.model" setting.', actions: [selectModel, openSettings] },
  NOT_ONNX: { hint: 'Select an .onnx model file.', actions: [selectModel] },
  UNSUPPORTED_OP: { hint: 'This model cannot be explained yet; try another model.', actions: [selectModel, showDetails] },
  UNSUPPORTED_MODEL: { hint: 'Try another model.', actions: [selectModel, showDetails] },
  IMAGE_NOT_FOUND: { actions: [chooseImage] },
  IMAGE_UNREADABLE: { hint: 'Use a PNG, JPEG, WebP, GIF, TIFF or BMP file.', actions: [chooseImage, showDetails] },
  INPUT_SIZE: { hint: 'Check the preprocessing in the model\'s .explain.json or the "explain.input" setting.', actions: [openSettings, selectModel] },
  BAD_CONFIG: { hint: 'Fix the model configuration.', actions: [openSettings, showDetails] },
  BAD_ARGUMENT: { hint: 'Check the method parameters in Settings.', actions: [openSettings] },
  OUT_OF_MEMORY: { hint: 'Lower "explain.params.chunk", steps or samples.', actions: [openSettings] },
  CANCELLED: { actions: [] },
  WORKER_DIED: { hint: 'The engine restarts on the next run.', actions: [showDetails] },
  INTERNAL: { hint: 'This is a bug in the extension; the details are in the Output channel.', actions: [showDetails] },
};

export function describeFailure(err: unknown): Failure {
  const e = err instanceof ExplainError ? err : new ExplainError('INTERNAL', err instanceof Error ? err.message : String(err));
  const advice = ADVICE[e.code] ?? ADVICE.INTERNAL;
  const message = advice.hint ? `${e.message.replace(/\.?\s*$/, '.')} ${advice.hint}` : e.message;
  return { code: e.code, message, actions: advice.actions };
}

export function logFailure(log: Log, err: unknown): void {
  const e = err instanceof ExplainError ? err : undefined;
  log.error(`${e?.code ?? 'INTERNAL'}: ${err instanceof Error ? err.message : String(err)}`);
  const detail = e?.detail ?? (err instanceof Error ? err.stack : undefined);
  if (detail) log.error(detail);
}

/** Shows the message and returns at once; a chosen action runs its command later. */
export function showFailure(failure: Failure): void {
  void vscode.window.showErrorMessage(`Explain: ${failure.message}`, ...failure.actions.map((a) => a.title)).then(
    (picked) => {
      const action = failure.actions.find((a) => a.title === picked);
      if (action) void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
    },
  );
}
