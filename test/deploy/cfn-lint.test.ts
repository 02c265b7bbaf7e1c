/**
 * cfn-lint (AWS's CloudFormation linter, a Python tool) accepts the healer's template for the demo policy and
 * every example policy, in every region they name, and the two StackSet templates of `package --stackset`
 * (member role and healer) for the policies of several accounts. It is required: without it this test fails and says how
 * to install it, so CI can never pass by silently skipping the check. A broken copy of a template is linted
 * in the same run, so a linter that checks nothing cannot pass either.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { healerTemplate, memberRoleTemplate, stackSetHealerTemplate } from '../../src/deploy/template/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { MANAGED_NLB_POLICY } from './stackset-policies.js';

const CFN_LINT = 'cfn-lint';
const INSTALL_HINT =
  'cfn-lint is required by this test and was not found on PATH. Install AWS\'s CloudFormation linter with ' +
  '`pip install cfn-lint` (or `pipx install cfn-lint`; version 1.x, https://github.com/aws-cloudformation/cfn-lint) ' +
  'and run the tests again. It is not an npm package: the npm "cfn-lint" is a different, unmaintained tool.';

const POLICIES = ['mirror.config.yaml', 'examples/sandbox/mirror.config.yaml', ...readdirSync('examples').filter((name) => name.endsWith('.yaml')).map((name) => `examples/${name}`)];
/** Policies for several accounts, whose StackSet templates are linted too: the example, and one written here. */
function organizationPolicies(dir: string): string[] {
  const managed = join(dir, 'managed-nlb-accounts.yaml');
  writeFileSync(managed, MANAGED_NLB_POLICY);
  return ['examples/sandbox/organization.config.yaml', managed];
}

interface Finding {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: readonly (string | number)[] };
}

describe('cfn-lint', () => {
  it('accepts the template of the demo (as packaged) and of every example policy, and catches a broken one', async () => {
    const packaged = inject('lambdaPackage');
    if (packaged.error !== undefined) throw new Error(packaged.error);
    const dir = mkdtempSync(join(tmpdir(), 'mirrorctl-cfn-lint-'));
    const files: string[] = [];
    for (const file of POLICIES) {
      const { policy, hash } = await loadPolicyOrThrow(file);
      const path = join(dir, `${file.replace(/[/.]/g, '_')}.json`);
      const template = healerTemplate({ policy, policySha256: hash, mirrorctlVersion: '0.0.0-test' });
      writeFileSync(path, JSON.stringify(template, null, 2));
      files.push(path);
      if (file === 'examples/sandbox/mirror.config.yaml') {
        const broken = { ...template, Resources: { ...template.Resources, Function: { ...template.Resources['Function'], Properties: { ...template.Resources['Function']?.Properties, MemorySize: 'lots' } } } };
        writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken, null, 2));
      }
    }
    for (const file of organizationPolicies(dir)) {
      const { policy, hash } = await loadPolicyOrThrow(file);
      const input = { policy, policySha256: hash, mirrorctlVersion: '0.0.0-test' };
      const members = policy.memberAccounts;
      if (members === undefined) throw new Error(`${file} names no accounts`);
      const slug = basename(file).replace(/[^a-zA-Z0-9]+/g, '_');
      for (const [name, template] of [
        [`${slug}_member_role.json`, memberRoleTemplate({ ...input, members, trustedAccountId: '123456789012' })],
        [`${slug}_stackset_healer.json`, stackSetHealerTemplate(input)],
      ] as const) {
        writeFileSync(join(dir, name), JSON.stringify(template, null, 2));
        files.push(join(dir, name));
      }
    }
    // Each template names its policy's regions for cfn-lint (Metadata), so one run checks each in its own.
    const run = spawnSync(CFN_LINT, ['--format', 'json', '--', ...files, join(packaged.dir, 'template.json'), join(dir, 'broken.json')], { encoding: 'utf8' });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') expect.fail(INSTALL_HINT);
    expect(run.error).toBeUndefined();
    let findings: Finding[];
    try {
      findings = JSON.parse(run.stdout) as Finding[];
    } catch {
      throw new Error(`cfn-lint did not answer JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    const summary = findings.map((finding) => `${basename(finding.Filename)} ${finding.Rule.Id} ${finding.Location.Path.join('.')}: ${finding.Message}`);
    expect(summary.filter((line) => !line.startsWith('broken.json'))).toEqual([]);
    expect(summary).toEqual([expect.stringMatching(/^broken\.json E3012 Resources\.Function\.Properties\.MemorySize: 'lots' is not of type 'integer'/)]);
  });
});
