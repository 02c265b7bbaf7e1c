/** The versions a bug report needs, read at runtime so they work from src/ (tsx, vitest) and dist/ alike. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import instanceTypes from '../core/support/supported-instance-types.json' with { type: 'json' };

function manifestVersion(url: URL): string {
  const manifest = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

export function packageVersion(): string {
  // src/cli/ and dist/cli/ are both two levels below the package root.
  return manifestVersion(new URL('../../package.json', import.meta.url));
}

/** Found through Node's resolution, so it is the SDK mirrorctl really loads, wherever npm put it. */
function sdkVersion(): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-ec2'));
    for (; dir !== dirname(dir); dir = dirname(dir)) {
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      if (name === '@aws-sdk/client-ec2' && typeof version === 'string') return version;
    }
  } catch {
    // A version line must never be why `mirrorctl --version` fails.
  }
  return 'unknown';
}

export interface Versions {
  readonly mirrorctl: string;
  readonly awsSdk: string;
  /** The date of the AWS user guide the supported-instance-type table was taken from. */
  readonly instanceTypeTable: string;
  readonly node: string;
}

export function versions(): Versions {
  return { mirrorctl: packageVersion(), awsSdk: sdkVersion(), instanceTypeTable: instanceTypes.date, node: process.version };
}

export function formatVersions(v: Versions): string {
  return [
    `mirrorctl ${v.mirrorctl}`,
    `AWS SDK for JavaScript ${v.awsSdk} (@aws-sdk/client-ec2)`,
    `supported instance types: AWS Traffic Mirroring user guide of ${v.instanceTypeTable}`,
    `Node.js ${v.node}`,
  ].join('\n');
}
