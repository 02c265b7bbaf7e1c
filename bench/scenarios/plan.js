/**
 * `mirrorctl plan` at account scale: API calls, wall time of discovery + plan, planner CPU, memory. In-process
 * against the simulator by default; with `wire: true` over HTTP against the account served by a process of its
 * own, as a user's plan reads AWS.
 */
import os from 'node:os';
import { liveHeapMb, settledRssMb } from '../lib/memory.js';
import { loadPolicy } from '../lib/policy.js';
import { assertCreatesAll, assertEmpty, discoverAndPlan, measureDiscoverAndPlan, planFigures } from '../lib/observe.js';
import { startWireServer, wireClients, wireCounter } from '../lib/wire.js';

const loadAverage = () => Math.round(os.loadavg()[0] * 100) / 100;

/** @param {{expect: 'empty' | 'create-all', wire?: boolean} & Parameters<typeof import('../lib/account.js').buildAccount>[0]} params */
export async function run(params) {
  return params.wire ? overTheWire(params) : inProcess(params);
}

async function inProcess(params) {
  // Imported here: over the wire the account lives in the server's process, and so does the simulator's code.
  const { buildAccount } = await import('../lib/account.js');
  const { sandbox, policy, shape } = buildAccount(params, {});
  const setupRssMb = settledRssMb();
  const setupHeapMb = liveHeapMb();
  const loadAtStart = loadAverage();
  const measured = await discoverAndPlan(sandbox, policy);
  // Taken while `measured` still holds the observed account and the plan: the data mirrorctl itself keeps.
  const heapHeldMb = liveHeapMb() - setupHeapMb;
  check(params, measured.plan, shape);
  return { shape, ...measured.figures, plan: planFigures(measured.plan), setupRssMb, heapHeldMb, loadAtStart, loadAtEnd: loadAverage() };
}

async function overTheWire(params) {
  const server = await startWireServer(params);
  try {
    const policy = loadPolicy(server.policyText);
    const clients = wireClients(server.url);
    // Without the account, which lives in the server's process: Node, the SDK and the policy.
    const setupRssMb = settledRssMb();
    const setupHeapMb = liveHeapMb();
    const loadAtStart = loadAverage();
    const measured = await measureDiscoverAndPlan(clients, policy, wireCounter(server));
    const heapHeldMb = liveHeapMb() - setupHeapMb;
    clients.destroy();
    check(params, measured.plan, server.shape);
    return {
      shape: server.shape,
      ...measured.figures,
      plan: planFigures(measured.plan),
      setupRssMb,
      heapHeldMb,
      loadAtStart,
      loadAtEnd: loadAverage(),
    };
  } finally {
    await server.close();
  }
}

function check(params, plan, shape) {
  if (params.expect === 'empty') assertEmpty(plan, 'plan of a fully mirrored account');
  else assertCreatesAll(plan, shape, 'plan of an unmirrored account');
}
