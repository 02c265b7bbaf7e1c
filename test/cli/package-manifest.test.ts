/** package.json must describe the package that `npm pack` really ships. dist/ is built by the global setup. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, string>;
  files: string[];
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

function sourcesUnder(dir: string): string[] {
  return readdirSync(`${root}${dir}`, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js|mjs)$/.test(file))
    .map((file) => readFileSync(`${root}${dir}/${file}`, 'utf8'));
}

describe('package.json', () => {
  it('exports only files the build produces, and they load', async () => {
    for (const [name, target] of Object.entries(manifest.exports)) {
      const file = `${root}${target.replace(/^\.\//, '')}`;
      expect(existsSync(file), `${target} is not built`).toBe(true);
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      // The Lambda entry point exports the handler the function is configured with.
      const expected = name === './lambda' ? ['handler', 'createHandler'] : ['planChanges', 'loadPolicyFile'];
      for (const exported of expected) expect(typeof module[exported], `${name} exports ${exported}`).toBe('function');
    }
  });

  it('lists in `files` only paths that exist', () => {
    for (const entry of manifest.files) expect(existsSync(`${root}${entry}`), `files names missing ${entry}`).toBe(true);
  });

  it('declares no development dependency that nothing uses', () => {
    const users = [JSON.stringify(manifest.scripts), ...sourcesUnder('test'), ...sourcesUnder('bench'), readFileSync(`${root}vitest.config.ts`, 'utf8')].join('\n');
    const unused = Object.keys(manifest.devDependencies).filter(
      (name) => !name.startsWith('@types/') && !users.includes(`'${name}`) && !users.includes(`${name} `) && !users.includes(`"${name}`),
    );
    expect(unused).toEqual([]);
  });
});
