import type { Plan } from '../core/types/plan.js';

export type FingerprintCategory =
  | 'vpcs'
  | 'instances'
  | 'networkInterfaces'
  | 'instanceTypes'
  | 'targets'
  | 'filters'
  | 'sessions'
  | 'loadBalancers'
  | 'subnets'
  | 'managedLoadBalancers'
  | 'managedTargetGroups';

/**
 * One category of one region. `digest` detects any difference exactly; `records` only serves to name
 * what differs, so its hashes are short.
 */
export interface CategoryFingerprint {
  readonly count: number;
  /** SHA-256 (hex) of the canonical JSON of every record, sorted by id. */
  readonly digest: string;
  /**
   * How `records` keys are written: the AWS id, or, for the categories that hold thousands of records
   * (instances, network interfaces), 36 bits of a hash of the id, which keeps the fingerprint a few hundred
   * KB at 10,000 instances. Hashed keys are named from the current discovery when they differ.
   */
  readonly keyedBy: 'id' | 'id-hash';
  /** `key:hash` entries sorted by key and joined by ",", the hash being 24 bits of the record's SHA-256. */
  readonly records: string;
}

/** Categories a plan file written by an earlier mirrorctl may lack; such a category is not compared. */
export type LaterFingerprintCategory = 'loadBalancers' | 'subnets' | 'managedLoadBalancers' | 'managedTargetGroups';

export interface RegionFingerprint {
  readonly region: string;
  readonly categories: Readonly<Record<Exclude<FingerprintCategory, LaterFingerprintCategory>, CategoryFingerprint>> &
    Readonly<Partial<Record<LaterFingerprintCategory, CategoryFingerprint>>>;
}

/** A compact summary of what discovery saw, saved with a plan to detect, and name, later changes. */
export interface ObservedFingerprint {
  /** Sorted by region. */
  readonly regions: readonly RegionFingerprint[];
}

/** The file written by `mirrorctl plan --out FILE` and applied by `mirrorctl apply FILE`. */
export interface SavedPlan {
  readonly formatVersion: 1;
  readonly kind: 'mirrorctl-plan';
  /** A random UUID chosen at plan time; seeds the EC2 client tokens of every create. */
  readonly planId: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly mirrorctlVersion: string;
  readonly policy: { readonly file: string; readonly name: string; readonly sha256: string };
  readonly accountId?: string;
  readonly regions: readonly string[];
  readonly mode: 'converge' | 'destroy';
  /**
   * The command-line options that change what the planner decides, so that `apply FILE` plans again the
   * same way. Files written before it existed lack it: every option was then off.
   */
  readonly options?: SavedPlanOptions;
  readonly fingerprint: ObservedFingerprint;
  readonly plan: Plan;
}

export interface SavedPlanOptions {
  /** `--allow-empty-entries`. */
  readonly allowEmptyEntries: boolean;
  /** `--target`, sorted; absent: the whole policy. */
  readonly targets?: readonly string[];
  /** `--cleanup-legacy-tags`; written only when given. */
  readonly cleanupLegacyTags?: boolean;
}
