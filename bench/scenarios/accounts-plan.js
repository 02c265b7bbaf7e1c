/** `mirrorctl plan` over an organization: every account through its role, API calls, wall time, memory. */
import { planAccounts } from '../../dist/app/accounts/plan-accounts.js';
import { liveHeapMb, settledRssMb } from '../lib/memory.js';
import { buildOrganization, callFigures } from '../lib/organization.js';

const cpuMs = (usage) => (usage.user + usage.system) / 1000;

/** @param {{expect: 'empty' | 'create-all', accountConcurrency?: number} & Parameters<typeof buildOrganization>[0]} params */
export async function run(params) {
  const { sandbox, caller, loaded, shape } = buildOrganization({ ...params, mirrored: params.expect === 'empty' }, {});
  const setupRssMb = settledRssMb();
  const setupHeapMb = liveHeapMb();
  sandbox.calls.reset();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await planAccounts({
    configPath: 'bench-organization.yaml',
    loaded,
    caller,
    accountOptions: {},
    mode: 'converge',
    ...(params.accountConcurrency === undefined ? {} : { concurrency: params.accountConcurrency }),
  });
  const wallMs = performance.now() - start;
  const runCpuMs = cpuMs(process.cpuUsage(cpu));
  const heapHeldMb = liveHeapMb() - setupHeapMb;
  const plans = result.plan.accounts.map((entry) => {
    if (entry.status !== 'planned') throw new Error(`account ${entry.accountId} was not planned: ${entry.error.message}`);
    return entry.plan;
  });
  const actions = plans.reduce((sum, plan) => sum + plan.actions.length, 0);
  const sessionsToCreate = plans.reduce((sum, plan) => sum + plan.actions.filter((a) => a.type === 'session' && a.action === 'create').length, 0);
  if (params.expect === 'empty' && actions > 0) throw new Error(`expected no changes, the plans hold ${actions} actions`);
  if (params.expect === 'create-all' && sessionsToCreate !== shape.interfaces) {
    throw new Error(`expected ${shape.interfaces} sessions to create, the plans create ${sessionsToCreate}`);
  }
  return {
    shape,
    ...callFigures(sandbox, shape),
    wallMs,
    cpuMs: runCpuMs,
    accountsPlanned: plans.length,
    actions,
    sessionsToCreate,
    setupRssMb,
    heapHeldMb,
  };
}
