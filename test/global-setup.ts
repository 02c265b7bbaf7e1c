/**
 * Builds src/ into dist/ once before the test run, so end-to-end tests can spawn the real bin/mirrorctl.js.
 * The build is incremental (fast when nothing changed). Type errors anywhere in src/ do not stop tsc from
 * emitting, and are the type-check's business, not this setup's: only a missing entry point fails it.
 *
 * Then packages the demo policy's Lambda healer once, with the built CLI (`mirrorctl package`, as a user runs
 * it), for the tests that inspect and run handler.zip. A packaging failure is handed to those tests, which
 * fail with it, rather than stopping every other test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export interface LambdaPackage {
  /** The directory `mirrorctl package` wrote to. */
  readonly dir: string;
  /** The policy it packaged. */
  readonly policy: string;
  /** Set when packaging failed: its output. */
  readonly error?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    lambdaPackage: LambdaPackage;
  }
}

export const PACKAGED_POLICY = 'examples/sandbox/mirror.config.yaml';

export default function setup(project: TestProject): () => void {
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

  const dir = join(mkdtempSync(join(tmpdir(), 'mirrorctl-package-')), 'dist-lambda');
  const packaged = spawnSync(process.execPath, [`${root}bin/mirrorctl.js`, 'package', '--out', dir, '-c', PACKAGED_POLICY], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const failed = packaged.error !== undefined || packaged.status !== 0;
  project.provide('lambdaPackage', {
    dir,
    policy: PACKAGED_POLICY,
    ...(failed ? { error: `mirrorctl package exited ${packaged.status}:\n${packaged.stdout}${packaged.stderr}${packaged.error?.message ?? ''}` } : {}),
  });
  return () => rmSync(join(dir, '..'), { recursive: true, force: true });
}
