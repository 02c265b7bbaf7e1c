/**
 * Puts handler.zip where the stack's function reads it: a bucket in the stack's region, owned by the account
 * (every request says so with ExpectedBucketOwner, so a bucket of the same name in another account is never
 * written to or trusted). mirrorctl's default bucket is created when missing; a bucket given by name must exist.
 */
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  waitUntilBucketExists,
  type S3Client,
} from '@aws-sdk/client-s3';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../core/ownership.js';
import { UserError } from '../../core/errors.js';
import type { StackTarget, WaitSettings } from './change-set.js';

export interface Upload {
  readonly createdBucket: boolean;
  /** False when the same zip was already there (its key is its hash). */
  readonly uploaded: boolean;
}

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

async function ensureBucket(s3: S3Client, target: StackTarget, account: string, wait: WaitSettings): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: target.bucket, ExpectedBucketOwner: account }));
    return false;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403) {
      throw new UserError(`the S3 bucket ${target.bucket} is not this account's (${account}), or these credentials may not read it`, {
        hint: 'S3 bucket names are global: pass --bucket with a bucket of this account in the region',
      });
    }
    if (status === 301) {
      throw new UserError(`the S3 bucket ${target.bucket} is not in ${target.region}`, {
        hint: 'Lambda reads its code from a bucket in its own region: pass --bucket with one there ({region} in the name stands for it)',
      });
    }
    if (status !== 404) throw error;
  }
  if (!target.bucketOwnedByMirrorctl) {
    throw new UserError(`the S3 bucket ${target.bucket} does not exist in ${target.region}`, { hint: 'create it, or leave out --bucket to let mirrorctl create its own' });
  }
  await s3.send(
    new CreateBucketCommand({
      Bucket: target.bucket,
      // us-east-1 is S3's default location and takes no constraint.
      ...(target.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: target.region as never } }),
    }),
  );
  await waitUntilBucketExists({ client: s3, maxWaitTime: wait.maxWaitSeconds, minDelay: wait.minDelaySeconds, maxDelay: wait.maxDelaySeconds }, { Bucket: target.bucket, ExpectedBucketOwner: account });
  await s3.send(
    new PutBucketTaggingCommand({
      Bucket: target.bucket,
      ExpectedBucketOwner: account,
      Tagging: { TagSet: [{ Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE }] },
    }),
  );
  return true;
}

export async function uploadArtifact(s3: S3Client, target: StackTarget, account: string, zip: Uint8Array, wait: WaitSettings): Promise<Upload> {
  const createdBucket = await ensureBucket(s3, target, account, wait);
  try {
    await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key, ExpectedBucketOwner: account }));
    return { createdBucket, uploaded: false };
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: zip,
      ContentType: 'application/zip',
      ExpectedBucketOwner: account,
      ChecksumSHA256: createHash('sha256').update(zip).digest('base64'),
    }),
  );
  return { createdBucket, uploaded: true };
}
