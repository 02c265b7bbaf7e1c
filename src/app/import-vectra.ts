/**
 * The import use case: read the traces of Vectra's session mirroring tool in some regions, and write the
 * policy that means the same thing. The policy is validated before it is handed back: an import that wrote a
 * policy `validate` refuses would be a bug, never the user's problem.
 */
import type { DiscoveryProgress } from '../aws/discover/index.js';
import { readVectraRegion } from '../aws/vectra/read.js';
import { UserError } from '../core/errors.js';
import { VECTRA_TAGS } from '../core/types/vectra.js';
import { loadPolicyFromString } from '../policy/load.js';
import { importFindings } from '../policy/vectra/findings.js';
import { interpretVectra, type VectraImport } from '../policy/vectra/interpret.js';
import { writeVectraPolicy } from '../policy/vectra/write.js';
import type { Account } from './account.js';
import { identifyCaller } from './identity.js';

export interface ImportVectraRequest {
  readonly account: Account;
  readonly regions: readonly string[];
  readonly policyName: string;
  readonly profile?: string;
  readonly onProgress?: (event: DiscoveryProgress) => void;
}

export interface ImportVectraRun {
  /** The policy file's text. */
  readonly text: string;
  readonly model: VectraImport;
  /** One line each, for the terminal. */
  readonly findings: readonly string[];
}

export async function importVectra(request: ImportVectraRequest): Promise<ImportVectraRun> {
  const { readers } = request.account;
  const regions = [...new Set(request.regions)].sort();
  const caller = await identifyCaller(readers, { region: regions[0] ?? '' });
  const stop = new AbortController();
  const read = await Promise.all(
    regions.map((region) =>
      readVectraRegion(readers, region, {
        signal: stop.signal,
        ...(request.profile === undefined ? {} : { profile: request.profile }),
        ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
      }),
    ),
  ).catch((error: unknown) => {
    stop.abort();
    throw error;
  });
  const model = interpretVectra({ accountId: caller.accountId, regions: read }, { policyName: request.policyName });
  if (!model.entries.some((entry) => entry.target !== undefined)) {
    const problems = model.entries.map((entry) => `${entry.vpcId}: ${entry.problem ?? ''}`);
    throw new UserError(
      `No VPC in ${regions.join(', ')} is enrolled in Vectra's session mirroring tool with a target that exists` +
        (problems.length === 0 ? ` (none carries the tag ${VECTRA_TAGS.target}).` : `: ${problems.join('; ')}.`),
      { hint: 'pass the regions the tool runs in with --region (repeatable), and credentials for its account' },
    );
  }
  const text = writeVectraPolicy(model);
  const check = loadPolicyFromString(text, 'the imported policy');
  if (check.policy === undefined) {
    const errors = check.diagnostics.filter((item) => item.severity === 'error').map((item) => item.message);
    throw new Error(`import vectra wrote a policy that does not validate: ${errors.join('; ')}`);
  }
  return { text, model, findings: importFindings(model) };
}
