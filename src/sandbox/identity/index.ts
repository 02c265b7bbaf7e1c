/**
 * STS GetCallerIdentity and IAM ListAccountAliases: the two global calls mirrorctl makes to name the
 * account it works on. They read the simulated caller, not a region, so they ignore the region they are sent to.
 */
import type { ListAccountAliasesRequest, ListAccountAliasesResponse } from '@aws-sdk/client-iam';
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { defineAction, type ActionTable } from '../sim/action.js';
import { hashHex } from '../sim/ids.js';

export interface SimulatedCaller {
  readonly accountId: string;
  readonly arn: string;
  readonly accountAlias: string | undefined;
}

/** The caller a sandbox file that names none runs as. */
export const defaultCallerArn = (accountId: string): string => `arn:aws:iam::${accountId}:user/sandbox`;

/** AWS's unique id of the principal: AIDA… for a user, AROA…:session for an assumed role. */
function userId(arn: string): string {
  const unique = hashHex(`caller/${arn}`, 17).toUpperCase();
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  return assumed ? `AROA${unique}:${assumed[1]}` : `AIDA${unique}`;
}

export function stsActions(caller: SimulatedCaller): ActionTable {
  return {
    GetCallerIdentity: defineAction<GetCallerIdentityRequest, GetCallerIdentityResponse>({
      throttle: 'none',
      mutating: false,
      handler: () => ({ UserId: userId(caller.arn), Account: caller.accountId, Arn: caller.arn }),
    }),
  };
}

export function iamActions(caller: SimulatedCaller): ActionTable {
  return {
    ListAccountAliases: defineAction<ListAccountAliasesRequest, ListAccountAliasesResponse>({
      throttle: 'none',
      mutating: false,
      // An account has at most one alias (IAM quota), so there is never a second page.
      handler: () => ({ AccountAliases: caller.accountAlias === undefined ? [] : [caller.accountAlias], IsTruncated: false }),
    }),
  };
}
