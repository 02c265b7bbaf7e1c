/**
 * STS GetCallerIdentity and IAM ListAccountAliases: the two global calls mirrorctl makes to name the
 * account it works on. They read the principal making the call, not a region, so they ignore the region
 * they are sent to.
 */
import type { ListAccountAliasesRequest, ListAccountAliasesResponse } from '@aws-sdk/client-iam';
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { defineAction, type ActionTable } from '../sim/action.js';
import { userId } from './caller.js';

export { defaultCallerArn, type SimulatedCaller } from './caller.js';

export const stsActions: ActionTable = {
  GetCallerIdentity: defineAction<GetCallerIdentityRequest, GetCallerIdentityResponse>({
    throttle: 'none',
    mutating: false,
    handler: ({ caller }) => ({ UserId: userId(caller.arn), Account: caller.accountId, Arn: caller.arn }),
  }),
};

export const iamActions: ActionTable = {
  ListAccountAliases: defineAction<ListAccountAliasesRequest, ListAccountAliasesResponse>({
    throttle: 'none',
    mutating: false,
    // An account has at most one alias (IAM quota), so there is never a second page.
    handler: ({ caller }) => ({ AccountAliases: caller.accountAlias === undefined ? [] : [caller.accountAlias], IsTruncated: false }),
  }),
};
