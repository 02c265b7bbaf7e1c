/**
 * The managed ELBv2 resources of one region, for `mirrorctl list`, read with plan's own reader
 * (readManagedLoadBalancing): see list.ts for what it costs.
 *
 * A policy with a managed load balancer target cannot be planned without these reads, and its list without
 * them would leave out what bills most: a failure fails the list, as it fails a plan. Any other policy is
 * listed without them when they fail (an account that grants no ELBv2 permission at all, since it needs none
 * for its targets): the failure becomes a warning naming the permission, and the region says what is missing.
 */
import { setMaxListeners } from 'node:events';
import type { AwsClients } from '../aws/clients.js';
import { readManagedLoadBalancing, type ManagedLoadBalancing } from '../aws/discover/managed-load-balancers.js';
import type { ReadScope } from '../aws/discover/pages.js';
import { isUserError } from '../core/errors.js';

export type LoadBalancingRead = { readonly found: ManagedLoadBalancing } | { readonly failure: string };

export interface LoadBalancingRequest {
  readonly region: string;
  readonly policyName: string;
  /** The list's signal: a fatal failure elsewhere stops these reads too. */
  readonly signal: AbortSignal;
  /** Whether a failure fails the list (true) or is reported and left out. */
  readonly required: boolean;
}

export async function readLoadBalancingForList(readers: Pick<AwsClients, 'elbv2'>, request: LoadBalancingRequest): Promise<LoadBalancingRead> {
  // Its own signal, so that a failure left out also stops this region's other ELBv2 reads still in flight.
  const own = new AbortController();
  const signal = AbortSignal.any([request.signal, own.signal]);
  setMaxListeners(0, signal);
  const scope: ReadScope = { region: request.region, profile: undefined, signal, onProgress: undefined, totals: new Map() };
  try {
    return { found: await readManagedLoadBalancing(readers.elbv2(request.region), scope, request.policyName) };
  } catch (error) {
    own.abort();
    // A bug is never a warning; a read stopped by the list's own failure is that failure's to report.
    if (request.required || !isUserError(error) || request.signal.aborted) throw error;
    return { failure: error.hint === undefined ? error.message : `${error.message} (${error.hint})` };
  }
}
