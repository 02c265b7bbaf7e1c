/** Names of the healer's stack, artifact bucket and S3 key, and the checks CloudFormation and S3 would make later. */
import { UserError } from '../../core/errors.js';

/**
 * CloudFormation names the FIFO queues after the stack, and SQS takes at most 80 characters with ".fifo": a
 * longer stack name fails the stack when the queues are created.
 */
export const MAX_STACK_NAME = 48;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

export function defaultStackName(policyName: string): string {
  const slug = policyName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `mirrorctl-${slug || 'healer'}`.slice(0, MAX_STACK_NAME).replace(/-+$/, '');
}

export function checkStackName(name: string): string {
  if (!STACK_NAME.test(name)) {
    throw new UserError(`--stack-name ${JSON.stringify(name)} is not a CloudFormation stack name`, {
      hint: 'use letters, digits and hyphens, starting with a letter',
    });
  }
  if (name.length > MAX_STACK_NAME) {
    throw new UserError(`--stack-name ${name} is ${name.length} characters; the healer's stack takes at most ${MAX_STACK_NAME}`, {
      hint: 'CloudFormation names the stack\'s FIFO queues after it, and SQS allows 80 characters: choose a shorter name',
    });
  }
  return name;
}

/** mirrorctl's own bucket for the account and region: S3 needs the code in the function's region. */
export const defaultBucket = (account: string, region: string): string => `mirrorctl-artifacts-${account}-${region}`;

/** `{region}` in --bucket stands for each region's name, as each region needs a bucket of its own. */
export function bucketFor(template: string | undefined, account: string, region: string): { name: string; ownedByMirrorctl: boolean } {
  if (template === undefined) return { name: defaultBucket(account, region), ownedByMirrorctl: true };
  return { name: template.replaceAll('{region}', region), ownedByMirrorctl: false };
}

export function checkBucketTemplate(template: string | undefined, regions: readonly string[]): void {
  if (template === undefined || regions.length < 2 || template.includes('{region}')) return;
  throw new UserError(`--bucket ${template} cannot serve ${regions.join(', ')}: Lambda reads its code from a bucket in its own region`, {
    hint: 'put {region} in the name (e.g. --bucket my-artifacts-{region}), or deploy one --region at a time',
  });
}

/** Content-addressed: a changed zip is a changed key, which is what makes CloudFormation update the code. */
export const artifactKey = (stackName: string, zipSha256: string): string => `mirrorctl/${stackName}/handler-${zipSha256.slice(0, 16)}.zip`;
