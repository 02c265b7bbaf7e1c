/** `mirrorctl plan` at account scale: API calls, wall time of discovery + plan, planner CPU, memory. */
import { buildAccount } from '../lib/account.js';
import { liveHeapMb, settledRssMb } from '../lib/memory.js';
import { assertCreatesAll, assertEmpty, discoverAndPlan, planFigures } from '../lib/observe.js';

/** @param {{expect: 'empty' | 'create-all'} & Parameters<typeof buildAccount>[0]} params */
export async function run(params) {
  const { sandbox, policy, shape } = buildAccount(params, {});
  const setupRssMb = settledRssMb();
  const setupHeapMb = liveHeapMb();
  const measured = await discoverAndPlan(sandbox, policy);
  // Taken while `measured` still holds the observed account and the plan: the data mirrorctl itself keeps.
  const heapHeldMb = liveHeapMb() - setupHeapMb;
  if (params.expect === 'empty') assertEmpty(measured.plan, 'plan of a fully mirrored account');
  else assertCreatesAll(measured.plan, shape, 'plan of an unmirrored account');
  return { shape, ...measured.figures, plan: planFigures(measured.plan), setupRssMb, heapHeldMb };
}
