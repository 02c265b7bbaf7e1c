/**
 * ELBv2 names of the load balancer and target group a managed target is made of. ELBv2 has no ClientToken:
 * a create is idempotent by name ("if you attempt to create multiple load balancers with the same settings,
 * each call succeeds"), so names are derived from what is created, never random. A create retried after a
 * lost response, or re-run by the next apply, asks for the same name and gets the same load balancer back.
 * A replacement must exist beside the resource it replaces, so its name also derives from the replaced ARN.
 */

/** At most 32 letters, digits or hyphens, not starting or ending with a hyphen, not starting with "internal-". */
const MAX_NAME = 32;
const HASH_LENGTH = 10;

/** FNV-1a over 64 bits: pure and stable across machines, which is all a name needs (it is no secret). */
function hash(text: string): string {
  let value = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    value ^= BigInt(byte);
    value = (value * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return value.toString(16).padStart(16, '0').slice(0, HASH_LENGTH);
}

function slug(targetName: string, room: number): string {
  const cleaned = targetName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, room)
    .replace(/^-+|-+$/g, '');
  return cleaned === '' || cleaned.startsWith('internal') ? `mc-${cleaned}`.slice(0, room).replace(/-+$/, '') : cleaned;
}

function name(targetName: string, seed: string): string {
  return `${slug(targetName, MAX_NAME - HASH_LENGTH - 1)}-${hash(seed)}`;
}

/** `replacing`: the ARN of the load balancer this one replaces, if any. */
export function loadBalancerName(policyName: string, targetName: string, replacing?: string): string {
  return name(targetName, `load-balancer\0${policyName}\0${targetName}\0${replacing ?? ''}`);
}

/**
 * A target group serves one load balancer, so a new load balancer needs a new group: the seed names the load
 * balancer it serves (by name, known before it exists) and the group it replaces.
 */
export function targetGroupName(policyName: string, targetName: string, loadBalancer: string, replacing?: string): string {
  return name(targetName, `target-group\0${policyName}\0${targetName}\0${loadBalancer}\0${replacing ?? ''}`);
}
