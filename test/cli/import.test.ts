/** `mirrorctl import vectra` on the sandbox account that Vectra's tool left: a policy `validate` accepts, never clobbering a file. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/account.js';
import { importVectra } from '../../src/app/import-vectra.js';
import { runCli } from './run-cli.js';

const VECTRA = 'examples/sandbox/vectra-account.yaml';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-import-'));
});

describe('mirrorctl import vectra', () => {
  it('writes a commented policy that validates, and says what it found', async () => {
    const out = join(dir, 'vectra.yaml');
    const run = await runCli(['import', 'vectra', '--sandbox', VECTRA, '--region', 'us-east-1', '--out', out]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('2 enrolled VPCs in us-east-1, 2 targets (by id), 5 sessions of the tool to adopt.');
    expect(run.stderr).toContain('4 instances (4 interfaces) the tool never tapped');
    expect(run.stderr).toContain('Target VectraNLBTarget (tmt-0ec7a000000000f01): its load balancer has no UDP listener on port 4789');
    expect(run.stderr).toContain(`Wrote ${out}. Review it, then: mirrorctl validate -c ${out}; mirrorctl plan -c ${out} --sandbox ${VECTRA}`);
    const text = await readFile(out, 'utf8');
    expect(text).toMatch(/^# Written by `mirrorctl import vectra` from the tags of Vectra's session mirroring tool \(account 210987654321,/);
    const validated = await runCli(['validate', '-c', out]);
    expect(validated.exitCode).toBe(0);
    expect(validated.stdout).toContain('valid — policy traffic-mirroring: 1 region, 2 targets, 1 filter (4 rules), 2 VPC entries');
  });

  it('prints the policy on stdout without --out, and takes the region from AWS_REGION', async () => {
    const run = await runCli(['import', 'vectra', '--sandbox', VECTRA, '--name', 'ndr'], { env: { AWS_REGION: 'us-east-1' } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('\nname: ndr\nregions: [us-east-1]\n');
  });

  it('never overwrites a file', async () => {
    const out = join(dir, 'mirror.config.yaml');
    await writeFile(out, 'mine\n');
    const run = await runCli(['import', 'vectra', '--sandbox', VECTRA, '--region', 'us-east-1', '--out', out]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`cannot write ${out}: it already exists`);
    expect(await readFile(out, 'utf8')).toBe('mine\n');
  });

  it('needs a region, and an enrolled VPC there', async () => {
    const none = await runCli(['import', 'vectra', '--sandbox', VECTRA]);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('no region to import from');
    const empty = await runCli(['import', 'vectra', '--sandbox', 'examples/sandbox/demo-account.yaml', '--region', 'us-east-1']);
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toContain(
      "No VPC in us-east-1 is enrolled in Vectra's session mirroring tool with a target that exists (none carries the tag Vectra:session_mirroring_target).",
    );
  });

  it('reads one tag- or description-filtered Describe per kind, whatever the size of the account', async () => {
    const account = await openAccount({ sandboxPath: VECTRA });
    const sandbox = account.sandbox?.instance;
    sandbox?.calls.reset();
    await importVectra({ account, regions: ['us-east-1'], policyName: 'ndr' });
    expect(sandbox?.calls.byAction).toEqual({
      GetCallerIdentity: 1,
      DescribeVpcs: 1,
      DescribeInstances: 1,
      DescribeTrafficMirrorSessions: 1,
      DescribeTrafficMirrorFilters: 1,
      DescribeTrafficMirrorTargets: 1,
      DescribeListeners: 1,
      DescribeTargetGroups: 1,
    });
  });
});
