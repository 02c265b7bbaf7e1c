/** The package version, read at runtime so it works from src/ (tsx, vitest) and dist/ alike. */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  // src/cli/ and dist/cli/ are both two levels below the package root.
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
