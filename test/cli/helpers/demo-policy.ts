/** The demo policy without its eu-west-1 targets and entries: what a policy that left eu-west-1 looks like. */
export function withoutEuropeanTargets(policy: string): string {
  const kept: string[] = [];
  let inBlock = false;
  for (const line of policy.replace('regions: [us-east-1, eu-west-1]', 'regions: [us-east-1]').split('\n')) {
    // The managed load balancer of eu-west-1 is a block: its comment, its key, and its deeper lines.
    if (/^ {2}# A load balancer mirrorctl builds/.test(line) || /^ {2}ids-eu:/.test(line)) inBlock = true;
    else if (inBlock && !/^( {3,}| {2}#)/.test(line)) inBlock = false;
    if (inBlock || line.includes('sensor-nlb-eu') || line.includes('target: ids-eu')) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

/** The demo policy without its managed load balancer target ids-eu and the entry that sends traffic to it. */
export function withoutManagedTarget(policy: string): string {
  const kept: string[] = [];
  let inBlock = false;
  for (const line of policy.split('\n')) {
    if (/^ {2}# A load balancer mirrorctl builds/.test(line) || /^ {2}ids-eu:/.test(line)) inBlock = true;
    else if (inBlock && !/^( {3,}| {2}#)/.test(line)) inBlock = false;
    if (inBlock || line.includes('target: ids-eu')) continue;
    kept.push(line);
  }
  return kept.join('\n');
}
