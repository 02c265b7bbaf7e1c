/** The zod schema of a saved plan file; see types.ts for the meaning of each member. */
import { z } from 'zod';
import { planSchema } from './plan-schema.js';

const category = z.object({
  count: z.number().int().nonnegative(),
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
  keyedBy: z.enum(['id', 'id-hash']),
  records: z.string(),
});

const regionFingerprint = z.object({
  region: z.string(),
  categories: z.object({
    vpcs: category,
    instances: category,
    networkInterfaces: category,
    instanceTypes: category,
    targets: category,
    filters: category,
    sessions: category,
    loadBalancers: category.exactOptional(),
    subnets: category.exactOptional(),
    managedLoadBalancers: category.exactOptional(),
    managedTargetGroups: category.exactOptional(),
  }),
});

export const savedPlanSchema = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('mirrorctl-plan'),
  planId: z.string().min(1),
  createdAt: z.string(),
  mirrorctlVersion: z.string(),
  policy: z.object({ file: z.string(), name: z.string(), sha256: z.string() }),
  accountId: z.string().exactOptional(),
  regions: z.array(z.string()),
  mode: z.enum(['converge', 'destroy']),
  options: z
    .object({
      allowEmptyEntries: z.boolean(),
      targets: z.array(z.string()).exactOptional(),
      cleanupLegacyTags: z.boolean().exactOptional(),
    })
    .exactOptional(),
  fingerprint: z.object({ regions: z.array(regionFingerprint) }),
  plan: planSchema,
});
