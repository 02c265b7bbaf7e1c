/**
 * The fingerprint of observed state saved with a plan (see types.ts for the format). Pure: the same
 * observed state always gives the same fingerprint, whatever order discovery returned things in.
 */
import type { ObservedAccount, ObservedRegion } from '../core/types/observed.js';
import { canonicalJson } from './canonical-json.js';
import { CATEGORIES, type CategorySpec } from './categories.js';
import { sha256Hex, shortHash } from './hash.js';
import type { CategoryFingerprint, FingerprintCategory, ObservedFingerprint, RegionFingerprint } from './types.js';

// 36 bits: among 20,000 ids a collision is unlikely (about 0.3%), and harmless: it only blurs a name.
const ID_HASH_LENGTH = 6;
// 24 bits per record: only used to name a changed record; `digest` is what detects the change.
const RECORD_HASH_LENGTH = 4;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function recordKey(keyedBy: CategoryFingerprint['keyedBy'], id: string): string {
  return keyedBy === 'id' ? id : shortHash(id, ID_HASH_LENGTH);
}

function fingerprintCategory(spec: CategorySpec, region: ObservedRegion): CategoryFingerprint {
  const records = spec
    .records(region)
    .map((record) => ({ id: record.id, json: canonicalJson(record.value) }))
    .sort((a, b) => compare(a.id, b.id));
  const entries = records
    .map((record) => `${recordKey(spec.keyedBy, record.id)}:${shortHash(record.json, RECORD_HASH_LENGTH)}`)
    .sort(compare);
  return {
    count: records.length,
    digest: sha256Hex(records.map((record) => record.json).join('\n')),
    keyedBy: spec.keyedBy,
    records: entries.join(','),
  };
}

function fingerprintRegion(region: ObservedRegion): RegionFingerprint {
  const categories = Object.fromEntries(CATEGORIES.map((spec) => [spec.name, fingerprintCategory(spec, region)]));
  return { region: region.region, categories: categories as Record<FingerprintCategory, CategoryFingerprint> };
}

export function fingerprintObserved(observed: ObservedAccount): ObservedFingerprint {
  const regions = [...observed.regions].sort((a, b) => compare(a.region, b.region));
  return { regions: regions.map(fingerprintRegion) };
}
