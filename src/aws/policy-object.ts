/**
 * The healer's policy kept outside the function, for a central policy several accounts read: an S3 object or an
 * SSM parameter. Read once per cold start; every failure is a sentence naming the object and what to grant.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { UserError } from '../core/errors.js';
import { MAX_POLICY_BYTES } from '../policy/load.js';

export type PolicyObject = { readonly kind: 's3'; readonly uri: string } | { readonly kind: 'ssm'; readonly parameter: string };

export interface PolicyObjectClients {
  readonly s3: S3Client;
  readonly ssm: SSMClient;
}

/** The SDK's own clients, in the function's region; S3 follows a bucket that lives in another one. */
export const policyObjectClients = (region: string | undefined): PolicyObjectClients => ({
  s3: new S3Client({ ...(region === undefined ? {} : { region }), followRegionRedirects: true }),
  ssm: new SSMClient(region === undefined ? {} : { region }),
});

const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');

function tooLarge(where: string, bytes: number): UserError {
  return new UserError(`${where} holds ${bytes} bytes, more than a policy's ${MAX_POLICY_BYTES}`, {
    hint: 'point the healer at the policy file itself; a policy is a YAML text of a few kilobytes',
  });
}

async function readS3(s3: S3Client, uri: string): Promise<Uint8Array> {
  const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) ?? [];
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if ((object.ContentLength ?? 0) > MAX_POLICY_BYTES) throw tooLarge(uri, object.ContentLength ?? 0);
    const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    if (bytes.length > MAX_POLICY_BYTES) throw tooLarge(uri, bytes.length);
    return bytes;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const name = errorName(error);
    if (name === 'NoSuchKey' || name === 'NoSuchBucket') {
      throw new UserError(`the policy ${uri} does not exist (${name})`, { hint: 'upload the reviewed policy there, or fix MIRRORCTL_POLICY_S3' });
    }
    if (name === 'AccessDenied') {
      throw new UserError(`the healer may not read the policy ${uri} (AccessDenied)`, {
        hint: `grant its role s3:GetObject on arn:aws:s3:::${bucket}/${key} (and kms:Decrypt if the object is encrypted with a KMS key)`,
        cause: error,
      });
    }
    throw error;
  }
}

async function readSsm(ssm: SSMClient, parameter: string): Promise<Uint8Array> {
  try {
    const answer = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
    const text = answer.Parameter?.Value ?? '';
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > MAX_POLICY_BYTES) throw tooLarge(`SSM parameter ${parameter}`, bytes.length);
    return bytes;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const name = errorName(error);
    if (name === 'ParameterNotFound') {
      throw new UserError(`the SSM parameter ${parameter} does not exist`, { hint: 'put the reviewed policy there, or fix MIRRORCTL_POLICY_SSM' });
    }
    if (name === 'AccessDeniedException') {
      throw new UserError(`the healer may not read the SSM parameter ${parameter} (AccessDeniedException)`, {
        hint: 'grant its role ssm:GetParameter on the parameter (and kms:Decrypt for a SecureString)',
        cause: error,
      });
    }
    throw error;
  }
}

/** The policy's bytes, and the name diagnostics give it. */
export async function readPolicyObject(source: PolicyObject, clients: PolicyObjectClients): Promise<{ bytes: Uint8Array; origin: string }> {
  return source.kind === 's3'
    ? { bytes: await readS3(clients.s3, source.uri), origin: source.uri }
    : { bytes: await readSsm(clients.ssm, source.parameter), origin: `ssm:${source.parameter}` };
}
