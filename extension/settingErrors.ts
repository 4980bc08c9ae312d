/**
 * The engine names a bad parameter by its own key ("steps must be a positive integer (got -3)"); when the
 * value came from the settings, the user needs the setting's name to find it.
 */
import { ExplainError } from '../src/errors';
import type { MethodParams, ViewRequest } from '../src/protocol';
import * as settings from './settings';

export function nameSetting(err: unknown, request: ViewRequest): unknown {
  if (!(err instanceof ExplainError) || err.code !== 'BAD_ARGUMENT') return err;
  const match = /^(\w+)( must .*)$/s.exec(err.message);
  if (!match) return err;
  const key = match[1] as keyof MethodParams;
  const fromSettings = settings.params()[key] !== undefined && request.params?.[key] === undefined;
  if (!fromSettings) return err;
  return new ExplainError(err.code, `The setting ${settings.settingName(key)}${match[2]}`, err.detail);
}
