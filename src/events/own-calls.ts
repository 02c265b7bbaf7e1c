/**
 * Whether CloudTrail recorded one of the healer's own calls. STS names the healer as a role session
 * (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`), CloudTrail names the role the session came from
 * (`sessionContext.sessionIssuer.arn`, `arn:aws:iam::ACCOUNT:role/PATH/NAME`). The STS ARN carries no role path,
 * so the two are compared by partition, account and role name.
 */
import type { ApiCaller } from './types.js';

export interface SelfIdentity {
  readonly accountId: string;
  /** STS GetCallerIdentity's Arn. */
  readonly arn: string;
}

interface RoleName {
  readonly partition: string;
  readonly account: string;
  readonly name: string;
}

function assumedRole(arn: string): RoleName | undefined {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (match === null) return undefined;
  return { partition: match[1] ?? '', account: match[2] ?? '', name: match[3] ?? '' };
}

function iamRole(arn: string): RoleName | undefined {
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (match === null) return undefined;
  return { partition: match[1] ?? '', account: match[2] ?? '', name: match[3] ?? '' };
}

export function isOwnCall(caller: ApiCaller, self: SelfIdentity): boolean {
  const own = assumedRole(self.arn);
  if (own === undefined) return caller.arn !== undefined && caller.arn === self.arn;
  const issuer = caller.issuerArn === undefined ? undefined : iamRole(caller.issuerArn);
  if (issuer !== undefined) {
    return issuer.partition === own.partition && issuer.account === own.account && issuer.name === own.name;
  }
  // No session context (older records): the session ARN itself names the role.
  const session = caller.arn === undefined ? undefined : assumedRole(caller.arn);
  return session !== undefined && session.account === own.account && session.name === own.name;
}
