/**
 * ImageFolder labels (torchvision's layout): an image's class is the name of the top-level sub-folder it
 * sits in, matched to the model's label names so a prediction can be scored as correct.
 */

/** The first path segment of an image below the top level; none for an image directly in the folder. */
export function folderLabel(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash > 0 ? path.slice(0, slash) : undefined;
}

/** Lower case with runs of spaces, underscores and hyphens as one space: "golden_retriever" names "golden retriever". */
function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/**
 * The model class a folder name stands for: the label it equals (after normalize), else the first label whose
 * comma-separated synonyms include it (ImageNet's "tench, Tinca tinca"), else a whole number below the class
 * count names that index ("3" for MNIST without labels). Undefined when nothing matches.
 */
export function labelMatcher(labels: readonly string[] | undefined, classes: number): (name: string) => number | undefined {
  const exact = new Map<string, number>();
  const synonym = new Map<string, number>();
  labels?.forEach((l, i) => {
    if (!exact.has(normalize(l))) exact.set(normalize(l), i);
    for (const part of l.split(',')) if (!synonym.has(normalize(part))) synonym.set(normalize(part), i);
  });
  return (name) => {
    const key = normalize(name);
    const found = exact.get(key) ?? synonym.get(key);
    if (found !== undefined) return found;
    if (/^\d+$/.test(name) && Number(name) < classes && !labels) return Number(name);
    return undefined;
  };
}
