/**
 * Every failure a user can cause (bad file, bad model, bad size) is an ExplainError with a code, so the
 * CLI can exit with status 2 and the extension can offer the action that fixes it. Anything else is a bug.
 */
export type ErrorCode =
  | 'MODEL_NOT_FOUND'
  | 'NOT_ONNX'
  | 'UNSUPPORTED_OP'
  | 'UNSUPPORTED_MODEL'
  | 'IMAGE_NOT_FOUND'
  | 'IMAGE_UNREADABLE'
  | 'INPUT_SIZE'
  | 'BAD_CONFIG'
  | 'BAD_ARGUMENT'
  | 'OUT_OF_MEMORY'
  | 'CANCELLED'
  | 'WORKER_DIED'
  | 'INTERNAL';

export class ExplainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ExplainError';
  }
}

/** The shape an error takes when it crosses a thread or process boundary. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  detail?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof ExplainError) {
    // The stack is only known on this side of the boundary: keep it beside the detail (often the cause's message).
    const detail = err.detail && err.stack ? `${err.detail}\n${err.stack}` : (err.detail ?? err.stack);
    return { code: err.code, message: err.message, detail };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  if (/bad_alloc|out of memory|Failed to allocate/i.test(e.message)) {
    return { code: 'OUT_OF_MEMORY', message: `Out of memory while explaining: ${e.message}`, detail: e.stack };
  }
  return { code: 'INTERNAL', message: e.message, detail: e.stack };
}

export function deserializeError(s: SerializedError): ExplainError {
  return new ExplainError(s.code, s.message, s.detail);
}
