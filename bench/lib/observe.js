/** Discovery followed by the planner, timed apart, as `mirrorctl plan` runs them. */
import { loadBalancerArnsOf } from '../../dist/app/plan.js';
import { createAwsClients } from '../../dist/aws/clients.js';
import { discover } from '../../dist/aws/discover/index.js';
import { planChanges } from '../../dist/core/planner/index.js';
import { collectGarbage } from './memory.js';

const cpuMs = (usage) => (usage.user + usage.system) / 1000;

/**
 * Counts the calls discovery makes (the simulator's own counters, so SDK retries count too). The collection
 * before planning keeps discovery's garbage out of the planner's CPU time and stays out of both timings.
 */
export async function discoverAndPlan(sandbox, policy) {
  const clients = createAwsClients({ sandbox });
  try {
    return await measureDiscoverAndPlan(clients, policy, {
      reset: () => sandbox.calls.reset(),
      read: () => ({ total: sandbox.calls.total(), byAction: { ...sandbox.calls.byAction } }),
    });
  } finally {
    clients.destroy();
  }
}

/**
 * Discovery with `clients` (wired to the in-process simulator, or pointed at a server over HTTP), then the
 * planner. `counter` reads the calls the account answered: `reset()`, then `read()` → { total, byAction, … }.
 */
export async function measureDiscoverAndPlan(clients, policy, counter) {
  await counter.reset();
  const discoveryCpu = process.cpuUsage();
  const discoveryStart = performance.now();
  // The same reads as `mirrorctl plan`, including the NLB targets' listeners and registered sensors.
  const observed = await discover(clients, { regions: policy.regions, loadBalancerArns: loadBalancerArnsOf(policy), policy });
  const discoveryMs = performance.now() - discoveryStart;
  const discoveryCpuMs = cpuMs(process.cpuUsage(discoveryCpu));
  const { total: calls, byAction, ...served } = await counter.read();

  collectGarbage();
  const planCpu = process.cpuUsage();
  const planStart = performance.now();
  const plan = planChanges(policy, observed, { mode: 'converge' });
  const planMs = performance.now() - planStart;
  const plannerCpuMs = cpuMs(process.cpuUsage(planCpu));

  return {
    observed,
    plan,
    figures: {
      calls,
      byAction,
      ...served,
      discoveryMs,
      planMs,
      wallMs: discoveryMs + planMs,
      plannerCpuMs,
      cpuMs: discoveryCpuMs + plannerCpuMs,
    },
  };
}

/** Sessions the plan creates, and the plan's size, for reports and checks. */
export function planFigures(plan) {
  return {
    actions: plan.actions.length,
    summary: plan.summary,
    sessionsToCreate: plan.actions.filter((action) => action.type === 'session' && action.action === 'create').length,
    skipped: plan.skipped.length,
  };
}

/** Stops the bench when a plan that must be empty is not: its figures would measure the wrong thing. */
export function assertEmpty(plan, what) {
  if (plan.actions.length === 0) return;
  const { create, update, delete: remove } = plan.summary;
  const first = plan.actions[0];
  throw new Error(
    `${what}: expected no changes, but the plan has ${create} to create, ${update} to update, ${remove} to delete ` +
      `(first: ${first.action} ${first.id}: ${first.reason})`,
  );
}

/** Every instance interface is either given a session or skipped with a reason; nothing is updated or deleted. */
export function assertCreatesAll(plan, shape, what) {
  const { sessionsToCreate, skipped, summary } = planFigures(plan);
  if (summary.update === 0 && summary.delete === 0 && sessionsToCreate + skipped === shape.interfaces) return;
  throw new Error(
    `${what}: expected a session or a skip for each of the ${shape.interfaces} interfaces and nothing else, but ` +
      `the plan creates ${sessionsToCreate} sessions, skips ${skipped} interfaces, updates ${summary.update} ` +
      `and deletes ${summary.delete}`,
  );
}
