/**
 * `mirrorctl package --stackset` through the CLI: the files it writes for a policy of several accounts are the
 * templates and documents generated from that policy, trusting the account asked for (or the sandbox's
 * caller), and its README holds the StackSet commands filled in from the policy. A policy that names no
 * accounts to reach is refused where it says so, before anything is bundled or written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/cli/version.js';
import { artifactKey } from '../../src/deploy/stack/names.js';
import {
  healerRolePolicy,
  memberRolePolicy,
  memberRoleTemplate,
  stackSetHealerTemplate,
  TEMPLATE_MEMBER_PLACE,
  TEMPLATE_ROLE_PLACE,
} from '../../src/deploy/template/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { runCli } from '../cli/run-cli.js';
import { isolateAwsEnvironment } from '../discover/helpers/aws-env.js';
import { MANAGEMENT } from '../sandbox/organization-fixture.js';
import { MANAGED_NLB_POLICY } from './stackset-policies.js';

const ORGANIZATION_POLICY = 'examples/sandbox/organization.config.yaml';
const ORGANIZATION_SANDBOX = 'examples/sandbox/organization.yaml';
const FILES = ['README.md', 'handler.zip', 'healer-policy.json', 'healer.json', 'member-role-policy.json', 'member-role.json'];

const scratch = () => mkdtempSync(join(tmpdir(), 'mirrorctl-stackset-'));
const readJson = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('mirrorctl package --stackset', () => {
  it("writes the member role trusting the sandbox's caller, the healer for every account, and the commands", async () => {
    const out = join(scratch(), 'org');
    const run = await runCli(['package', '--stackset', '--out', out, '-c', ORGANIZATION_POLICY, '--sandbox', ORGANIZATION_SANDBOX]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`The member role trusts account ${MANAGEMENT} (the sandbox caller's).`);
    expect(readdirSync(out).sort()).toEqual(FILES);

    const { policy, hash } = await loadPolicyOrThrow(ORGANIZATION_POLICY);
    const members = policy.memberAccounts;
    if (members === undefined) throw new Error('the example names accounts');
    const input = { policy, policySha256: hash, mirrorctlVersion: packageVersion() };
    expect(readJson(out, 'member-role.json')).toEqual(memberRoleTemplate({ ...input, members, trustedAccountId: MANAGEMENT }));
    expect(readJson(out, 'healer.json')).toEqual(stackSetHealerTemplate(input));
    const memberRole = memberRolePolicy(policy, TEMPLATE_MEMBER_PLACE);
    const healerRole = healerRolePolicy(policy, TEMPLATE_ROLE_PLACE);
    expect(readJson(out, 'member-role-policy.json')).toEqual(memberRole);
    expect(readJson(out, 'healer-policy.json')).toEqual(healerRole);

    const zip = readFileSync(join(out, 'handler.zip'));
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(['index.mjs', 'mirror.config.yaml']);
    expect(Buffer.from(entries['mirror.config.yaml'] ?? [])).toEqual(readFileSync(ORGANIZATION_POLICY));

    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    const key = artifactKey('mirrorctl-org-ndr', createHash('sha256').update(zip).digest('hex'));
    for (const expected of [
      `aws s3 cp handler.zip "s3://$BUCKET_PREFIX-$region/${key}" --region "$region"`,
      'aws cloudformation create-stack-set --stack-set-name mirrorctl-org-ndr-role \\\n  --template-body file://member-role.json \\\n  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\\n  --capabilities CAPABILITY_NAMED_IAM --parameters ParameterKey=TrustedAccountId,ParameterValue=100000000001',
      'aws cloudformation create-stack-instances --stack-set-name mirrorctl-org-ndr-role \\\n  --deployment-targets OrganizationalUnitIds=ou-ab12-workload,ou-ab12-security \\\n  --regions us-east-1',
      `aws cloudformation create-stack-set --stack-set-name mirrorctl-org-ndr \\\n  --template-body file://healer.json \\\n  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\\n  --capabilities CAPABILITY_IAM --parameters ParameterKey=ArtifactBucketPrefix,ParameterValue=$BUCKET_PREFIX ParameterKey=ArtifactKey,ParameterValue=${key}`,
      'aws cloudformation create-stack-instances --stack-set-name mirrorctl-org-ndr \\\n  --deployment-targets OrganizationalUnitIds=ou-ab12-workload,ou-ab12-security \\\n  --regions us-east-1',
      "Service-managed StackSets never deploy to the organization's management account",
      'aws cloudformation deploy --stack-name mirrorctl-org-ndr-role --template-file member-role.json',
      '1. **The member role first.**',
      '2. **Then the healer**',
    ]) {
      expect(readme, expected).toContain(expected);
    }
    for (const statement of [...memberRole.Statement, ...healerRole.Statement]) expect(readme).toContain(`(\`${statement.Sid}\`)`);
    expect(readme.indexOf('## 1. The member role')).toBeLessThan(readme.indexOf('## 2. The healer'));
  });

  it('trusts the account --trust-account names; exclusions and accounts by id shape the deployment targets', async () => {
    const dir = scratch();
    const policyPath = join(dir, 'mirror.config.yaml');
    writeFileSync(policyPath, MANAGED_NLB_POLICY);
    const out = join(dir, 'out');
    const run = await runCli(['package', '--stackset', '--trust-account', '111122223333', '--out', out, '-c', policyPath]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('The member role trusts account 111122223333.');
    const template = readJson(out, 'member-role.json') as { Parameters: { TrustedAccountId: { Default: string } } };
    expect(template.Parameters.TrustedAccountId.Default).toBe('111122223333');
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain(
      `--deployment-targets '{"OrganizationalUnitIds":["ou-ab12-workload"],"Accounts":["400000000005"],"AccountFilterType":"DIFFERENCE"}' \\\n  --regions us-east-1 eu-west-1 ap-southeast-2`,
    );
    expect(readme).toContain('--deployment-targets \'{"OrganizationalUnitIds":["ROOT_ID"],"Accounts":["300000000003"],"AccountFilterType":"INTERSECTION"}\'');
    expect(readme).toContain("`ROOT_ID` is your organization's root id");
  });
});

describe('mirrorctl package --stackset refuses', () => {
  async function refused(policyText: string, extra: string[] = []) {
    const dir = scratch();
    const policyPath = join(dir, 'mirror.config.yaml');
    writeFileSync(policyPath, policyText);
    const run = await runCli(['package', '--stackset', '--trust-account', '111122223333', '--out', join(dir, 'out'), '-c', policyPath, ...extra]);
    expect(run.exitCode).toBe(1);
    expect(existsSync(join(dir, 'out')), 'nothing is written').toBe(false);
    return { run, policyPath };
  }

  it('a policy without accounts:, saying so at the top of the file, with the form to add', async () => {
    const { run, policyPath } = await refused('version: 1\nname: solo\nregions: [us-east-1]\n');
    expect(run.stderr).toContain(`${policyPath}:1:1: error: --stackset deploys mirrorctl to each account of a policy for several accounts, but policy "solo" has no accounts:`);
    expect(run.stderr).toContain('hint: give the policy accounts: as an object, with roleName and organization (or ids)');
  });

  it('a list of accounts, which names no role to assume, pointing at it', async () => {
    const { run, policyPath } = await refused('version: 1\nname: pinned\nregions: [us-east-1]\naccounts: ["111122223333"]\n');
    expect(run.stderr).toContain(`${policyPath}:4:1: error: --stackset deploys a role for mirrorctl to assume in each account of the policy, but this accounts: is a list`);
  });

  it('--trust-account that is not an account id, and the trust options without --stackset', async () => {
    const bad = await runCli(['package', '--stackset', '--trust-account', '12345', '-c', ORGANIZATION_POLICY]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('--trust-account 12345 is not a 12-digit AWS account id');
    const alone = await runCli(['package', '--sandbox', ORGANIZATION_SANDBOX, '-c', ORGANIZATION_POLICY]);
    expect(alone.exitCode).toBe(1);
    expect(alone.stderr).toContain('--sandbox only chooses the account the member role of --stackset trusts');
  });
});

describe('mirrorctl package --stackset without --trust-account or credentials', () => {
  isolateAwsEnvironment({ withCredentials: false });

  it('says that the role needs an account to trust, and how to give it, writing nothing', async () => {
    const out = join(scratch(), 'out');
    const run = await runCli(['package', '--stackset', '--out', out, '-c', ORGANIZATION_POLICY]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('No AWS credentials were found');
    expect(run.stderr).toContain('The member role must name the account it trusts.');
    expect(run.stderr).toContain('hint: pass --trust-account ID (the account that runs mirrorctl plan and apply), or ');
    expect(existsSync(out)).toBe(false);
  });
});
