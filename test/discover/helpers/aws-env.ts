/**
 * Runs each test of a suite with an AWS environment of its own: no profile, config files, instance metadata
 * or endpoint from the machine, so the SDK's default chains see only what the test sets.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, vi } from 'vitest';

const CLEARED = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_EC2',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
];

export function isolateAwsEnvironment(options: { withCredentials: boolean }): void {
  beforeEach(() => {
    for (const name of CLEARED) vi.stubEnv(name, undefined);
    const missing = join(tmpdir(), `mirrorctl-no-such-aws-file-${process.pid}`);
    vi.stubEnv('AWS_CONFIG_FILE', missing);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', missing);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    if (options.withCredentials) {
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    }
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
}
