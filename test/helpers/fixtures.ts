import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Path of a file under test/fixtures. Found by walking up to the package root rather than a fixed number of
 * `..`, so it works from the compiled test (out/test/...) and from the sources alike.
 */
export function fixture(...parts: string[]): string {
  return join(packageRoot(), 'test', 'fixtures', ...parts);
}

let cachedRoot: string | undefined;

function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return (cachedRoot = dir);
    if (dirname(dir) === dir) throw new Error(`No package.json above ${__dirname}`);
  }
}
