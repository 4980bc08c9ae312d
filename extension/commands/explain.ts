/** "Explain prediction": the image it was invoked on (or the open/picked one) with the configured method. */
import type { ExplainOutcome } from '../explainer';
import { resolveImage } from '../imageTarget';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

export async function explainPrediction(deps: CommandDeps, arg?: unknown): Promise<ExplainOutcome | undefined> {
  const imagePath = await resolveImage(arg);
  if (!imagePath) return undefined;
  return deps.explainer.explain([{ imagePath, method: settings.method(), target: settings.target() }]);
}
