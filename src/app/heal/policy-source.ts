/**
 * Where the healer's policy comes from: the file reviewed in git, bundled with the function (the default), or,
 * for the several-accounts layout, an S3 object or SSM parameter named in the environment. It is loaded and
 * validated once per process (a Lambda cold start); an invalid policy fails every invocation with its
 * located diagnostics, never a partial run.
 */
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { Policy } from '../../core/types/policy.js';
import type { PolicyObjectClients } from '../../aws/policy-object.js';
import { loadPolicyBytesOrThrow, loadPolicyOrThrow } from '../../policy/load.js';

export type PolicySource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 's3'; readonly uri: string }
  | { readonly kind: 'ssm'; readonly parameter: string };

/** The bundled policy's name, next to the handler (the Lambda task root is the working directory). */
export const BUNDLED_POLICY = 'mirror.config.yaml';

/**
 * MIRRORCTL_POLICY_FILE (a path, relative to the working directory), MIRRORCTL_POLICY_S3 (`s3://bucket/key`)
 * or MIRRORCTL_POLICY_SSM (a parameter name); at most one of them.
 */
export function policySourceFromEnv(env: Readonly<Record<string, string | undefined>>): PolicySource {
  const given = (['MIRRORCTL_POLICY_FILE', 'MIRRORCTL_POLICY_S3', 'MIRRORCTL_POLICY_SSM'] as const).filter(
    (name) => (env[name] ?? '') !== '',
  );
  if (given.length > 1) {
    throw new UserError(`${given.join(' and ')} are both set; the healer reads one policy`, { hint: 'set only one of them' });
  }
  const s3 = env['MIRRORCTL_POLICY_S3'];
  if (s3 !== undefined && s3 !== '') {
    if (!/^s3:\/\/[^/]+\/.+/.test(s3)) throw new UserError(`MIRRORCTL_POLICY_S3 must be s3://BUCKET/KEY, not ${s3}`);
    return { kind: 's3', uri: s3 };
  }
  const ssm = env['MIRRORCTL_POLICY_SSM'];
  if (ssm !== undefined && ssm !== '') return { kind: 'ssm', parameter: ssm };
  return { kind: 'file', path: resolve(env['MIRRORCTL_POLICY_FILE'] || BUNDLED_POLICY) };
}

export interface LoadedPolicy {
  readonly policy: Policy;
  /** Where it came from, for messages. */
  readonly origin: string;
}

/** `clients`: for an S3 or SSM source; the SDK's own in the healer's region when not given. */
export async function loadPolicySource(source: PolicySource, clients?: () => PolicyObjectClients): Promise<LoadedPolicy> {
  if (source.kind === 'file') return { policy: (await loadPolicyOrThrow(source.path)).policy, origin: source.path };
  // Loaded only for these sources: the bundled-file healer never pulls the S3 and SSM clients in.
  const { policyObjectClients, readPolicyObject } = await import('../../aws/policy-object.js');
  const { bytes, origin } = await readPolicyObject(source, clients?.() ?? policyObjectClients(process.env['AWS_REGION']));
  return { policy: loadPolicyBytesOrThrow(bytes, origin).policy, origin };
}
