/**
 * The handler bundled with esbuild into one ESM module: the AWS SDK, Powertools, zod and yaml included, so
 * the function runs the versions mirrorctl was tested with rather than the runtime's own SDK.
 */
import { build } from 'esbuild';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The handler next to this module: src/lambda/handler.ts under tsx and vitest, dist/lambda/handler.js when installed. */
function handlerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), '..', '..', 'lambda', `handler${extname(here)}`);
}

export interface Bundle {
  readonly code: Uint8Array;
  readonly warnings: readonly string[];
}

export async function bundleHandler(): Promise<Bundle> {
  const result = await build({
    entryPoints: [handlerEntry()],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // ESM builds of the SDK first; its CommonJS fallbacks call require(), which an ES module lacks.
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __mirrorctlCreateRequire } from 'node:module'; const require = __mirrorctlCreateRequire(import.meta.url);" },
    minify: true,
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no bundle');
  return { code: output.contents, warnings: result.warnings.map((warning) => warning.text) };
}
