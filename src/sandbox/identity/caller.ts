/** Who calls the simulated account: the file's caller, or a principal that assumed one of its roles. */
import { hashHex } from '../sim/ids.js';

export interface SimulatedCaller {
  readonly accountId: string;
  readonly arn: string;
  readonly accountAlias: string | undefined;
}

/** The caller a sandbox file that names none runs as. */
export const defaultCallerArn = (accountId: string): string => `arn:aws:iam::${accountId}:user/sandbox`;

/** AWS's unique id of the principal: AIDA… for a user, AROA…:session for an assumed role. */
export function userId(arn: string): string {
  const unique = hashHex(`caller/${arn}`, 17).toUpperCase();
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  return assumed ? `AROA${unique}:${assumed[1]}` : `AIDA${unique}`;
}

/** Role chaining: a principal that is itself an assumed role gets sessions of at most an hour. */
export const isAssumedRole = (arn: string): boolean => /:assumed-role\//.test(arn);
