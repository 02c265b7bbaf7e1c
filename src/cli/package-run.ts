/**
 * `mirrorctl package`: validates the policy, bundles the handler and writes the artifact, then says what each
 * file is and how to deploy it. Nothing in AWS is read or changed.
 */
import { ARTIFACT_FILES, buildArtifact, writeArtifact, type Artifact } from '../deploy/package/index.js';
import type { PackageArgs } from './commands/package.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { policyFileFor } from './policy-path.js';
import { reportPolicyWarnings } from './policy-warnings.js';
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

export async function runPackage(args: PackageArgs, context: CliContext): Promise<ExitCode> {
  const policyFile = policyFileFor(args.config, context.io);
  const artifact = await buildArtifact(policyFile, packageVersion());
  reportPolicyWarnings(artifact.policyWarnings, context);
  for (const warning of artifact.bundleWarnings) context.io.stderr.write(`warning: esbuild: ${warning}\n`);
  await writeArtifact(artifact, args.out);
  const rows = describeArtifact(artifact);
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, what]) => `  ${name.padEnd(width)}  ${kib(artifact.files[name]?.length ?? 0).padStart(8)}  ${what}`);
  const config = args.config === undefined ? '' : ` -c ${args.config}`;
  context.io.stdout.write(
    `Wrote the healer of policy ${artifact.policy.name} to ${args.out}/:\n${lines.join('\n')}\n\n` +
      `Deploy it with: mirrorctl deploy${config}\n`,
  );
  return ExitCode.Ok;
}
