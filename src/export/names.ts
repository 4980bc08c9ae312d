/** The exported explanation's graph inputs and outputs, by the names a consumer feeds and reads. */

/** The model's preprocessed input, batch first and free. */
export const INPUT = 'input';
/** Raw 8-bit pixels [N, H, W, channels] (with --export-preprocess, instead of INPUT). */
export const IMAGE = 'image';
/** int64 [N] (or [1] for every row): the class explained per row; -1 is the row's top class. */
export const TARGET = 'target';
/** The reference input of the methods that have one, shaped like INPUT (batch 1 broadcasts). */
export const BASELINE = 'baseline';
export const LOGITS = 'logits';
export const RELEVANCE = 'relevance';
/** int64 [N]: the class each row's relevance explains (TARGET with -1 replaced by the top class). */
export const EXPLAINED_CLASS = 'explained_class';
/** [N, layers]: each layer's relevance summed (with --export-layers; the names in metadata `explain.layers`). */
export const LAYER_RELEVANCE = 'layer_relevance';

export const PUBLIC_NAMES = [INPUT, IMAGE, TARGET, BASELINE, LOGITS, RELEVANCE, EXPLAINED_CLASS, LAYER_RELEVANCE];
