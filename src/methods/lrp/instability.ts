/**
 * A warning for LRP runs whose relevance exploded. Rules with a tiny stabilizer (LRP-0, epsilon 1e-6, gamma)
 * divide by each unit's z; after BatchNormalization is folded into the convolutions, units with large
 * weights and a z near 0 are common (MobileNet), and R / z multiplies relevance by up to 1e17. The sums
 * still conserve in exact arithmetic, but float32 loses it in the cancellation, so the map is noise. The
 * user sees the layer gaps in the table; this note says why and what to change.
 */
import type { WeightedPass } from '../method';

/** Relevance of one neuron above this multiple of the score means the run is numerically meaningless. */
const BLOW_UP = 1e3;

export function instabilityNote(pass: WeightedPass, score: number): string | undefined {
  let worst = 0;
  for (const l of pass.layers) for (const v of l.neurons) worst = Math.max(worst, Math.abs(v));
  const scale = Math.max(Math.abs(score), 1e-12);
  if (!(worst > BLOW_UP * scale)) return undefined;
  return (
    `Numerically unstable: one neuron's relevance reached ${worst.toExponential(1)} against a score of ${score.toPrecision(4)}. ` +
    'Denominators z near 0 (a small epsilon) multiply relevance without bound, and float32 cannot cancel it again; the layer ' +
    'table shows where. Use a larger epsilon (0.1 to 0.25), or z+ / alpha-beta on the hidden layers (composite epsilon-plus).'
  );
}
