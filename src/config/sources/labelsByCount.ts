/**
 * Labels offered from the number of classes alone, never silently: 1000 outputs -> the ImageNet-1k names
 * (torchvision's list, bundled), 1001 -> the same after a background class at 0 (TF-slim's convention), 10 ->
 * the digits. The origin says they were assumed from the count.
 */
import imagenet from './imagenet-labels.json';

export function labelsByCount(classes: number): { labels: string[]; from: string } | undefined {
  if (classes === 1000) return { labels: imagenet, from: 'assumed from the 1000 outputs: the ImageNet-1k class names (bundled); set labels if they are not' };
  if (classes === 1001) {
    return { labels: ['background', ...imagenet], from: 'assumed from the 1001 outputs: background, then the ImageNet-1k class names (bundled); set labels if they are not' };
  }
  if (classes === 10) return { labels: [...'0123456789'], from: 'assumed from the 10 outputs: the digits 0-9; set labels if they are not' };
  return undefined;
}

/**
 * The labels a result uses: the configuration's (or metadata's) when they match the class count, else those
 * assumed from the count; `from` says where they came from (undefined: none).
 */
export function labelsFor(config: { labels?: string[]; sources?: { labels?: string } }, classes: number): { labels?: string[]; from?: string } {
  if (config.labels) return config.labels.length === classes ? { labels: config.labels, from: config.sources?.labels } : {};
  const assumed = labelsByCount(classes);
  return { labels: assumed?.labels, from: assumed?.from };
}
