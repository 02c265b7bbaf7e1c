/**
 * `mirrorctl package`: validates the policy, bundles the handler and writes the artifact, then says what each
 * file is and how to deploy it. Nothing in AWS is read or changed, except, for `--stackset` without
 * `--trust-account`, the one STS call that names the caller's account.
 */
import { ARTIFACT_FILES, buildArtifact, buildStackSetArtifact, STACK_SET_FILES, writeArtifact, type Artifact } from '../deploy/package/index.js';
import type { StackSetArtifact } from '../deploy/package/index.js';
import type { PackageArgs } from './commands/package.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { policyFileFor } from './policy-path.js';
import { reportPolicyWarnings } from './policy-warnings.js';
import { checkStackSetArgs, trustedAccountFor } from './package-trust.js';
import { packageVersion } from './version.js';

const kib = (bytes: number): string => `${Math.max(1, Math.round(bytes / 1024))} KiB`;

export function describeArtifact(artifact: Artifact): [name: string, what: string][] {
  const regions = artifact.policy.regions.join(', ');
  return [
    [ARTIFACT_FILES.zip, 'the handler (nodejs24.x, arm64, AWS SDK bundled) and the validated policy'],
    [ARTIFACT_FILES.template, `CloudFormation for one region's stack: deploy it in ${regions}`],
    [ARTIFACT_FILES.iamPolicy, "the function role's permissions, scoped by the policy's tag"],
    [ARTIFACT_FILES.readme, 'what the healer does and what its role may do, in words'],
  ];
}

export function describeStackSetArtifact(artifact: StackSetArtifact): [name: string, what: string][] {
  const regions = artifact.policy.regions.join(', ');
  return [
    [STACK_SET_FILES.zip, 'the healer (nodejs24.x, arm64, AWS SDK bundled) and the validated policy'],
    [STACK_SET_FILES.memberRole, `the role mirrorctl assumes, trusting account ${artifact.trustedAccountId}: one stack per account`],
    [STACK_SET_FILES.memberRolePolicy, "the member role's permissions, scoped by the policy's tag and regions"],
    [STACK_SET_FILES.healer, `the healer: one stack per account and region (${regions})`],
    [STACK_SET_FILES.healerPolicy, "the healer function role's permissions"],
    [STACK_SET_FILES.readme, 'the StackSet commands, the management account, the order, and what each role may do'],
  ];
}

function table(rows: [name: string, what: string][], files: Readonly<Record<string, Uint8Array>>): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, what]) => `  ${name.padEnd(width)}  ${kib(files[name]?.length ?? 0).padStart(8)}  ${what}`).join('\n');
}

export async function runPackage(args: PackageArgs, context: CliContext): Promise<ExitCode> {
  checkStackSetArgs(args);
  const policyFile = policyFileFor(args.config, context.io);
  if (args.stackset) return runStackSetPackage(args, policyFile, context);
  const artifact = await buildArtifact(policyFile, packageVersion());
  reportPolicyWarnings(artifact.policyWarnings, context);
  for (const warning of artifact.bundleWarnings) context.io.stderr.write(`warning: esbuild: ${warning}\n`);
  await writeArtifact(artifact, args.out);
  const config = args.config === undefined ? '' : ` -c ${args.config}`;
  context.io.stdout.write(
    `Wrote the healer of policy ${artifact.policy.name} to ${args.out}/:\n${table(describeArtifact(artifact), artifact.files)}\n\n` +
      `Deploy it with: mirrorctl deploy${config}\n`,
  );
  return ExitCode.Ok;
}

async function runStackSetPackage(args: PackageArgs, policyFile: string, context: CliContext): Promise<ExitCode> {
  const artifact = await buildStackSetArtifact({
    policyFile,
    mirrorctlVersion: packageVersion(),
    trustedAccount: (policy) => trustedAccountFor(args, policy),
  });
  reportPolicyWarnings(artifact.policyWarnings, context);
  for (const warning of artifact.bundleWarnings) context.io.stderr.write(`warning: esbuild: ${warning}\n`);
  await writeArtifact(artifact, args.out);
  const source = args.trustAccount === undefined ? (args.sandbox === undefined ? " (the caller's)" : " (the sandbox caller's)") : '';
  context.io.stdout.write(
    `Wrote mirrorctl for every account of policy ${artifact.policy.name} to ${args.out}/:\n` +
      `${table(describeStackSetArtifact(artifact), artifact.files)}\n\n` +
      `The member role trusts account ${artifact.trustedAccountId}${source}.\n` +
      `Deploy with two StackSets, the member role (${artifact.names.memberRole}) first, then the healer (${artifact.names.healer}): ` +
      `${args.out}/${STACK_SET_FILES.readme} has the commands.\n`,
  );
  return ExitCode.Ok;
}
