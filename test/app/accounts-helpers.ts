/** A sandbox organization on disk with its policy, opened as the CLI opens it, for the use cases over accounts. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAccount, type Account } from '../../src/app/account.js';
import { planAccounts, type AccountsPlanRequest } from '../../src/app/accounts/plan-accounts.js';
import { formatSandboxFile, type SandboxFile } from '../../src/sandbox/index.js';
import { EXTERNAL_ID, OU, organizationFile, ROLE, SHARED_TARGET, WORKLOAD_A, WORKLOAD_B } from '../sandbox/organization-fixture.js';

/** The accounts part of the policy: the workload and security units, through the member role. */
export const ORGANIZATION_ACCOUNTS = `accounts:
  organization: { organizationalUnits: [${OU.workloads}, ${OU.security}] }
  roleName: ${ROLE}
  externalId: ${EXTERNAL_ID}
`;

/** Every workload VPC tagged for mirroring sends to the security account's shared target. */
export function organizationPolicy(accounts = ORGANIZATION_ACCOUNTS, entryAccounts = `["${WORKLOAD_A}", "${WORKLOAD_B}"]`): string {
  return `version: 1
name: org-ndr
regions: [us-east-1]
${accounts}targets:
  central: { trafficMirrorTargetId: ${SHARED_TARGET} }
filters:
  all:
    ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
    egress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
vpcs:
  - name: workloads
    tags: { mirroring: enabled }
    target: central
    filter: all
    accounts: ${entryAccounts}
`;
}

export interface Organization {
  readonly dir: string;
  readonly sandboxPath: string;
  readonly policyPath: string;
  /** Opens the sandbox file as it is now (after an apply wrote it back). */
  open(): Promise<Account & { sandbox: NonNullable<Account['sandbox']> }>;
  plan(request?: Partial<AccountsPlanRequest>, caller?: Account): ReturnType<typeof planAccounts>;
}

export async function organization(file: SandboxFile = organizationFile(), policy = organizationPolicy()): Promise<Organization> {
  const dir = await mkdtemp(join(tmpdir(), 'mirrorctl-org-'));
  const sandboxPath = join(dir, 'organization.yaml');
  const policyPath = join(dir, 'mirror.config.yaml');
  await writeFile(sandboxPath, formatSandboxFile(sandboxPath, file));
  await writeFile(policyPath, policy);
  const open = async () => (await openAccount({ sandboxPath })) as Account & { sandbox: NonNullable<Account['sandbox']> };
  return {
    dir,
    sandboxPath,
    policyPath,
    open,
    plan: async (request = {}, caller) => {
      const account = caller ?? (await open());
      return planAccounts({
        configPath: policyPath,
        caller: account,
        accountOptions: { sandboxPath },
        mode: 'converge',
        ...request,
      });
    },
  };
}
