/**
 * `mirrorctl package --stackset`: the artifact for every account of a policy for several accounts, built in
 * memory like `package`'s: handler.zip, the member role's template, the healer's StackSet template, their
 * permissions for review and the README. Nothing here touches AWS; the account the role trusts comes from
 * the caller (`--trust-account`, or STS), asked only once the policy is known to name accounts.
 */
import { UserError } from '../../core/errors.js';
import type { MemberAccounts, Policy } from '../../core/types/policy.js';
import type { Diagnostic } from '../../policy/load.js';
import { parseYaml } from '../../policy/yaml-source.js';
import { artifactKey } from '../stack/names.js';
import {
  healerRolePolicy,
  memberRolePolicy,
  memberRoleTemplate,
  stackSetHealerTemplate,
  stackSetNames,
  TEMPLATE_MEMBER_PLACE,
  TEMPLATE_ROLE_PLACE,
} from '../template/index.js';
import { json, loadPackagedPolicy, zipHandler, type PackagedPolicy } from './artifact.js';
import { STACK_SET_FILES, stackSetReadme } from './stackset-readme.js';

export interface StackSetRequest {
  readonly policyFile: string;
  readonly mirrorctlVersion: string;
  /** The account the member role trusts: asked once the policy is known to name accounts (it may call STS). */
  readonly trustedAccount: (policy: Policy) => Promise<string>;
}

export interface StackSetArtifact {
  readonly policy: Policy;
  readonly policyWarnings: readonly Diagnostic[];
  readonly trustedAccountId: string;
  readonly zipSha256: string;
  /** handler.zip's key in each region's bucket. */
  readonly zipKey: string;
  readonly names: { readonly healer: string; readonly memberRole: string };
  /** The files `package --stackset` writes, by name. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly bundleWarnings: readonly string[];
}

export async function buildStackSetArtifact(request: StackSetRequest): Promise<StackSetArtifact> {
  const packaged = await loadPackagedPolicy(request.policyFile);
  const members = membersOf(packaged, request.policyFile);
  const trustedAccountId = await request.trustedAccount(packaged.policy);
  const bundle = await zipHandler(packaged);
  const { policy, hash } = packaged;
  const names = stackSetNames(policy.name);
  const zipKey = artifactKey(names.healer, bundle.sha256);
  const input = { policy, policySha256: hash, mirrorctlVersion: request.mirrorctlVersion };
  const memberRole = json(memberRoleTemplate({ ...input, members, trustedAccountId }));
  const healer = json(stackSetHealerTemplate(input));
  const memberRolePermissions = memberRolePolicy(policy, TEMPLATE_MEMBER_PLACE);
  const healerPermissions = healerRolePolicy(policy, TEMPLATE_ROLE_PLACE);
  const readme = stackSetReadme({
    ...input,
    members,
    policyFile: request.policyFile,
    trustedAccountId,
    names,
    memberRole: memberRolePermissions,
    healerRole: healerPermissions,
    zipBytes: bundle.zip.length,
    zipKey,
    templateBytes: { memberRole: memberRole.length, healer: healer.length },
  });
  return {
    policy,
    policyWarnings: packaged.warnings,
    trustedAccountId,
    zipSha256: bundle.sha256,
    zipKey,
    names,
    bundleWarnings: bundle.warnings,
    files: {
      [STACK_SET_FILES.zip]: bundle.zip,
      [STACK_SET_FILES.memberRole]: memberRole,
      [STACK_SET_FILES.memberRolePolicy]: json(memberRolePermissions),
      [STACK_SET_FILES.healer]: healer,
      [STACK_SET_FILES.healerPolicy]: json(healerPermissions),
      [STACK_SET_FILES.readme]: new TextEncoder().encode(readme),
    },
  };
}

/**
 * The accounts to deploy to and the role to create there: the object form of `accounts:`. Refused, pointing
 * at the policy, when it has none (the list form only pins the caller's credentials and names no role).
 */
function membersOf(packaged: PackagedPolicy, policyFile: string): MemberAccounts {
  const members = packaged.policy.memberAccounts;
  if (members !== undefined) return members;
  const hint =
    'give the policy accounts: as an object, with roleName and organization (or ids), e.g. accounts: { organization: ' +
    '{ organizationalUnits: [ou-ab12-cd34ef56] }, roleName: mirrorctl-member } (see "Several accounts" in the README); ' +
    "or leave out --stackset to package the healer for one account's stacks";
  const at = parseYaml(new TextDecoder().decode(packaged.bytes), policyFile).locator?.locate(['accounts'], 'key')?.start;
  if (packaged.policy.accounts !== undefined && at !== undefined) {
    throw new UserError(
      `--stackset deploys a role for mirrorctl to assume in each account of the policy, but this accounts: is a list, which only ` +
        'pins the accounts the caller may plan in and names no role',
      { hint, location: { file: policyFile, line: at.line, column: at.column } },
    );
  }
  throw new UserError(`--stackset deploys mirrorctl to each account of a policy for several accounts, but policy "${packaged.policy.name}" has no accounts:`, {
    hint,
    location: { file: policyFile, line: 1, column: 1 },
  });
}
