/** The package version, read from package.json beside the sources (src/cli) or the build (dist/src/cli). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    const file = fileURLToPath(new URL(relative, import.meta.url));
    if (!existsSync(file)) continue;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (parsed.name === 'draftgate' && parsed.version) return parsed.version;
  }
  return 'unknown';
}
