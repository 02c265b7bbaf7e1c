/**
 * The deployable artifact of one policy: handler.zip (the bundled handler and the validated policy file),
 * template.json, iam-policy.json and README.md. Built in memory, so `deploy` uploads exactly what `package`
 * writes; nothing here touches AWS.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { Policy } from '../../core/types/policy.js';
import { BUNDLED_POLICY } from '../../app/heal/policy-source.js';
import { describeFileProblem, readRegularFile } from '../../files/read-regular-file.js';
import { MAX_POLICY_BYTES, loadPolicyOrThrow, type Diagnostic } from '../../policy/load.js';
import { HANDLER_ENTRY, healerRolePolicy, healerTemplate, TEMPLATE_ROLE_PLACE, type HealerTemplate } from '../template/index.js';
import { bundleHandler } from './bundle.js';
import { packageReadme } from './readme.js';
import { zipFiles } from './zip.js';

export interface Artifact {
  readonly policy: Policy;
  readonly policyWarnings: readonly Diagnostic[];
  readonly zip: Uint8Array;
  /** Hex sha256 of handler.zip: names its S3 object, so a changed bundle is a changed template parameter. */
  readonly zipSha256: string;
  readonly template: HealerTemplate;
  /** The files `package` writes, by name. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly bundleWarnings: readonly string[];
}

export const ARTIFACT_FILES = { zip: 'handler.zip', template: 'template.json', iamPolicy: 'iam-policy.json', readme: 'README.md' } as const;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
export const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/** The policy as packaged: validated, and the very bytes that were validated. */
export interface PackagedPolicy {
  readonly policy: Policy;
  readonly warnings: readonly Diagnostic[];
  readonly hash: string;
  readonly bytes: Uint8Array;
}

/** Validates the policy (a PolicyError, located, when invalid) and reads the bytes that go into handler.zip. */
export async function loadPackagedPolicy(policyFile: string): Promise<PackagedPolicy> {
  const { policy, warnings, hash } = await loadPolicyOrThrow(policyFile);
  // The bytes validated are the bytes shipped: read again, and refused if the file changed in between.
  const read = await readRegularFile(policyFile, MAX_POLICY_BYTES);
  if ('problem' in read) throw new UserError(`cannot read ${policyFile}: ${describeFileProblem(read.problem, String)}`);
  if (sha256(read.bytes) !== hash) throw new UserError(`${policyFile} changed while it was being packaged`, { hint: 'run mirrorctl package again' });
  return { policy, warnings, hash, bytes: read.bytes };
}

/** handler.zip: the bundled handler and the policy file beside it. */
export async function zipHandler(packaged: PackagedPolicy): Promise<{ readonly zip: Uint8Array; readonly sha256: string; readonly warnings: readonly string[] }> {
  const bundle = await bundleHandler();
  const zip = zipFiles({ [HANDLER_ENTRY]: bundle.code, [BUNDLED_POLICY]: packaged.bytes });
  return { zip, sha256: sha256(zip), warnings: bundle.warnings };
}

/** Validates the policy (a PolicyError, located, when invalid), bundles the handler and generates the rest. */
export async function buildArtifact(policyFile: string, mirrorctlVersion: string): Promise<Artifact> {
  const packaged = await loadPackagedPolicy(policyFile);
  const { policy, warnings, hash } = packaged;
  const bundle = await zipHandler(packaged);
  const zip = bundle.zip;
  const template = healerTemplate({ policy, policySha256: hash, mirrorctlVersion });
  const role = healerRolePolicy(policy, TEMPLATE_ROLE_PLACE);
  const readme = packageReadme({ policy, policyFile, policySha256: hash, mirrorctlVersion, role, zipBytes: zip.length });
  return {
    policy,
    policyWarnings: warnings,
    zip,
    zipSha256: bundle.sha256,
    template,
    bundleWarnings: bundle.warnings,
    files: {
      [ARTIFACT_FILES.zip]: zip,
      [ARTIFACT_FILES.template]: json(template),
      [ARTIFACT_FILES.iamPolicy]: json(role),
      [ARTIFACT_FILES.readme]: new TextEncoder().encode(readme),
    },
  };
}

/** Writes each file through a temporary name, so an interrupted run never leaves a half-written zip. */
export async function writeArtifact(artifact: Pick<Artifact, 'files'>, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, bytes] of Object.entries(artifact.files)) {
    const path = join(dir, name);
    const temporary = join(dir, `.${name}.${process.pid}.tmp`);
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    written.push(path);
  }
  return written;
}
