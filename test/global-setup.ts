/**
 * Builds src/ into dist/ once before the test run, so end-to-end tests can spawn the real bin/mirrorctl.js.
 * The build is incremental (fast when nothing changed). Type errors anywhere in src/ do not stop tsc from
 * emitting, and are the type-check's business, not this setup's: only a missing entry point fails it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const entry = `${root}dist/cli/main.js`;
  const buildInfo = `${root}node_modules/.cache/mirrorctl/build.tsbuildinfo`;
  // An incremental build trusts its build info; without the outputs it would emit nothing.
  if (!existsSync(entry)) rmSync(buildInfo, { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', buildInfo],
    { cwd: root, encoding: 'utf8' },
  );
  if (build.error !== undefined || !existsSync(entry)) {
    throw new Error(`could not build dist/ for the end-to-end tests:\n${build.stdout}${build.stderr}${build.error?.message ?? ''}`);
  }
}
