/**
 * Which account the credentials are for: STS GetCallerIdentity (allowed to every principal, so it is the
 * one call that can run before mirrorctl knows it is in the right account) and, as a courtesy, the IAM alias.
 */
import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { isUserError, UserError } from '../core/errors.js';
import type { AwsClients } from './clients.js';
import { endpointFailure } from './endpoint-errors.js';
import { toReadableAwsError } from './read-errors.js';

export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}

const CREDENTIALS_HINT = 'set AWS_PROFILE (or pass --profile) or run `aws sso login`, then check with `aws sts get-caller-identity`';

export async function readCallerIdentity(clients: AwsClients, region: string): Promise<CallerIdentity> {
  const client = clients.sts(region);
  let answer;
  try {
    answer = await client.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw identityError(error, region, client.config.profile as string | undefined);
  }
  if (answer.Account === undefined || !/^\d{12}$/.test(answer.Account) || answer.Arn === undefined) {
    throw new UserError('STS GetCallerIdentity did not name a 12-digit account and a caller ARN.', {
      hint: 'check --endpoint-url / AWS_ENDPOINT_URL: the endpoint does not answer as AWS STS does',
    });
  }
  return { accountId: answer.Account, arn: answer.Arn };
}

/**
 * The account alias, or undefined when there is none or it cannot be read: many roles may not call
 * iam:ListAccountAliases, and a plan must not fail for a label.
 */
export async function readAccountAlias(clients: AwsClients, region: string): Promise<string | undefined> {
  try {
    const answer = await clients.iam(region).send(new ListAccountAliasesCommand({}));
    return answer.AccountAliases?.[0];
  } catch {
    return undefined;
  }
}

function identityError(error: unknown, region: string, profile: string | undefined): Error {
  const readable = toReadableAwsError(error, {
    action: 'GetCallerIdentity',
    service: 'sts',
    region,
    ...(profile === undefined ? {} : { profile }),
  });
  // Not from AWS, its configuration or the network: a bug, shown with its stack.
  if (!isUserError(readable)) return readable;
  // A wrong or silent endpoint says nothing about the credentials: its own message and hint are the whole story.
  if (error instanceof Error && endpointFailure(error, { where: '', service: 'STS' }) !== undefined) return readable;
  // The shared classifier words unknown answers as EC2's; this one is STS's.
  const generic = readable.hint === undefined && error instanceof Error;
  const detail = generic ? `STS GetCallerIdentity failed in ${region}: ${error.name}: ${error.message.trim().replace(/\.$/, '')}.` : readable.message;
  return new UserError(`Cannot tell which AWS account the credentials are for. ${detail}`, {
    hint: readable.hint ?? CREDENTIALS_HINT,
    cause: error,
  });
}
