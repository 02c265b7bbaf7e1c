/**
 * A small model of AWS for tests: applies a plan to an observed account the way the executor and EC2 would,
 * and throws where AWS would refuse (in-use deletes, a 4th session on an ENI, a clashing session number, an
 * ENI that is both source and target, a full ENI target, an 11th rule in a filter, an unresolved reference,
 * a dependency cycle). Creates get deterministic fake ids. Actions run one at a time in an order that respects
 * dependsOn; the `order` option picks among ready actions from the front or the back of the plan, or runs
 * every ready create and update before any ready delete (the schedule that fills filters and ENIs most), so
 * runs exercise different legal schedules.
 */
import { sourcesPerEniTarget } from '../../src/core/support/index.js';
import type {
  ObservedAccount,
  ObservedFilter,
  ObservedRegion,
  ObservedRule,
  ObservedSession,
  ObservedTarget,
} from '../../src/core/types/observed.js';
import type { DesiredRule, DesiredSession, Plan, PlanAction, ResourceRef } from '../../src/core/types/plan.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface RegionState {
  region: string;
  base: ObservedRegion;
  targets: Map<string, ObservedTarget>;
  filters: Map<string, Mutable<ObservedFilter> & { rules: ObservedRule[] }>;
  sessions: Map<string, ObservedSession>;
}

const NLB_DEFAULT_PACKET_LENGTH = 8500;
/** AWS quota: rules per filter, ingress and egress together. */
const RULES_PER_FILTER = 10;

export type ApplyOrder = 'forward' | 'reverse' | 'deletes-last';

export function applyPlanToObserved(
  plan: Plan,
  observed: ObservedAccount,
  options: { order?: ApplyOrder } = {},
): ObservedAccount {
  const states = new Map<string, RegionState>(
    observed.regions.map((region) => [
      region.region,
      {
        region: region.region,
        base: region,
        targets: new Map(region.targets.map((item) => [item.id, item])),
        filters: new Map(region.filters.map((item) => [item.id, { ...item, rules: [...item.rules] }])),
        sessions: new Map(region.sessions.map((item) => [item.id, item])),
      },
    ]),
  );
  const createdIds = new Map<string, string>();
  // Continue numbering after fake ids an earlier apply created, so ids stay unique across applies.
  let counter = Math.max(
    0,
    ...observed.regions.flatMap((region) =>
      [...region.targets, ...region.filters, ...region.sessions, ...region.filters.flatMap((filter) => filter.rules)].map(
        (item) => Number(/-fake(\d+)$/.exec(item.id)?.[1] ?? 0),
      ),
    ),
  );
  const fakeId = (prefix: string): string => `${prefix}-fake${String(++counter).padStart(5, '0')}`;
  const stateOf = (action: PlanAction): RegionState => {
    const state = states.get(action.region);
    if (state === undefined) throw new Error(`${action.id}: region not observed`);
    return state;
  };
  const resolve = (action: PlanAction, ref: ResourceRef): string => {
    const id = ref.id ?? createdIds.get(`${action.region}/${ref.key}`);
    if (id === undefined) throw new Error(`${action.id}: reference ${ref.key} is not created yet (missing dependsOn?)`);
    return id;
  };

  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  if (byId.size !== plan.actions.length) throw new Error('action ids are not unique');
  for (const action of plan.actions) {
    for (const dep of action.dependsOn) if (!byId.has(dep)) throw new Error(`${action.id} depends on unknown ${dep}`);
  }
  const dependents = new Map<string, string[]>();
  for (const action of plan.actions) for (const dep of action.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), action.id]);

  const done = new Set<string>();
  const pendingOldDeletes = new Map<string, PlanAction>();
  const finishReplacements = (): void => {
    for (const [id, replace] of pendingOldDeletes) {
      if ((dependents.get(id) ?? []).every((dependent) => done.has(dependent))) {
        pendingOldDeletes.delete(id);
        deleteResource(replace, replace.resourceId ?? '');
      }
    }
  };

  const deleteResource = (action: PlanAction, id: string): void => {
    const state = stateOf(action);
    if (action.type === 'session') {
      if (!state.sessions.delete(id)) throw new Error(`${action.id}: session ${id} not found`);
      return;
    }
    const inUse = [...state.sessions.values()].filter((session) => session.targetId === id || session.filterId === id);
    if (inUse.length > 0) throw new Error(`${action.id}: ${id} is in use by ${inUse.map((item) => item.id).join(', ')}`);
    if (action.type === 'target' && !state.targets.delete(id)) throw new Error(`${action.id}: target ${id} not found`);
    if (action.type === 'filter' && !state.filters.delete(id)) throw new Error(`${action.id}: filter ${id} not found`);
    if (action.type === 'filter-rule') {
      for (const filter of state.filters.values()) filter.rules = filter.rules.filter((item) => item.id !== id);
    }
  };

  const checkSession = (action: PlanAction, state: RegionState, session: ObservedSession): void => {
    const others = [...state.sessions.values()].filter(
      (item) => item.networkInterfaceId === session.networkInterfaceId && item.id !== session.id,
    );
    if (others.length >= 3) throw new Error(`${action.id}: a 4th session on ${session.networkInterfaceId}`);
    if (others.some((item) => item.sessionNumber === session.sessionNumber)) {
      throw new Error(`${action.id}: session number ${session.sessionNumber} already used on ${session.networkInterfaceId}`);
    }
    if ([...state.targets.values()].some((target) => target.networkInterfaceId === session.networkInterfaceId)) {
      throw new Error(`${action.id}: ${session.networkInterfaceId} is a mirror target`);
    }
    const target = state.targets.get(session.targetId);
    if (target === undefined) throw new Error(`${action.id}: target ${session.targetId} does not exist`);
    if (!state.filters.has(session.filterId)) throw new Error(`${action.id}: filter ${session.filterId} does not exist`);
    if (target.networkInterfaceId !== undefined) {
      const sources = new Set(
        [...state.sessions.values()].filter((item) => item.targetId === target.id && item.id !== session.id).map((item) => item.networkInterfaceId),
      );
      sources.add(session.networkInterfaceId);
      const eni = state.base.networkInterfaces.find((item) => item.id === target.networkInterfaceId);
      const type = state.base.instances.find((item) => item.id === eni?.attachment?.instanceId)?.type;
      if (sources.size > sourcesPerEniTarget(type)) throw new Error(`${action.id}: target ${target.id} has too many sources`);
    }
  };

  const isNlb = (state: RegionState, targetId: string): boolean => state.targets.get(targetId)?.type === 'network-load-balancer';

  const sessionFrom = (action: PlanAction, state: RegionState, id: string, after: DesiredSession, previous?: ObservedSession): ObservedSession => {
    const targetId = resolve(action, after.target);
    const packetLength = after.packetLength ?? (isNlb(state, targetId) ? NLB_DEFAULT_PACKET_LENGTH : undefined);
    const virtualNetworkId = after.virtualNetworkId ?? previous?.virtualNetworkId ?? 1000 + counter;
    return {
      id,
      networkInterfaceId: after.networkInterfaceId,
      targetId,
      filterId: resolve(action, after.filter),
      sessionNumber: after.sessionNumber,
      ...(packetLength === undefined ? {} : { packetLength }),
      virtualNetworkId,
      description: after.description,
      tags: previous?.tags ?? after.tags,
    };
  };

  const ruleFrom = (id: string, after: DesiredRule): ObservedRule => ({
    id,
    direction: after.direction,
    number: after.number,
    action: after.action,
    ...(after.protocol === undefined ? {} : { protocol: after.protocol }),
    source: after.source,
    destination: after.destination,
    ...(after.sourcePorts === undefined ? {} : { sourcePorts: after.sourcePorts }),
    ...(after.destinationPorts === undefined ? {} : { destinationPorts: after.destinationPorts }),
    ...(after.description === undefined ? {} : { description: after.description }),
  });

  /** Like an executor calling Modify*: only the attributes listed in `changes` are sent. */
  const withChanges = <T extends object>(action: PlanAction, previous: T, next: T): T => {
    const result: Record<string, unknown> = { ...(previous as Record<string, unknown>) };
    const names: Record<string, string> = { target: 'targetId', filter: 'filterId' };
    for (const item of action.changes) {
      const field = names[item.attribute] ?? item.attribute;
      const value = (next as Record<string, unknown>)[field];
      if (value === undefined) delete result[field];
      else result[field] = value;
    }
    return result as unknown as T;
  };

  const run = (action: PlanAction): void => {
    const state = stateOf(action);
    const after = action.after;
    if (action.action === 'delete') return deleteResource(action, action.resourceId ?? '');
    if (after === undefined) throw new Error(`${action.id}: no after`);
    if (action.action === 'replace') pendingOldDeletes.set(action.id, action);
    switch (after.kind) {
      case 'target': {
        if (action.action === 'update') throw new Error(`${action.id}: targets cannot be updated`);
        const id = fakeId('tmt');
        createdIds.set(`${action.region}/${action.key}`, id);
        state.targets.set(id, {
          id,
          type: after.networkLoadBalancerArn !== undefined ? 'network-load-balancer' : after.gatewayLoadBalancerEndpointId !== undefined ? 'gateway-load-balancer-endpoint' : 'network-interface',
          ...(after.networkInterfaceId === undefined ? {} : { networkInterfaceId: after.networkInterfaceId }),
          ...(after.networkLoadBalancerArn === undefined ? {} : { networkLoadBalancerArn: after.networkLoadBalancerArn }),
          ...(after.gatewayLoadBalancerEndpointId === undefined ? {} : { gatewayLoadBalancerEndpointId: after.gatewayLoadBalancerEndpointId }),
          description: after.description,
          tags: after.tags,
        });
        return;
      }
      case 'filter': {
        if (action.action === 'update') {
          const filter = state.filters.get(action.resourceId ?? '');
          if (filter === undefined) throw new Error(`${action.id}: filter not found`);
          if (action.changes.some((item) => item.attribute === 'networkServices')) filter.networkServices = after.networkServices;
          return;
        }
        const id = fakeId('tmf');
        createdIds.set(`${action.region}/${action.key}`, id);
        state.filters.set(id, { id, description: after.description, networkServices: after.networkServices, rules: [], tags: after.tags });
        return;
      }
      case 'filter-rule': {
        const filter = state.filters.get(resolve(action, after.filter));
        if (filter === undefined) throw new Error(`${action.id}: filter not found`);
        const others = filter.rules.filter((item) => item.id !== action.resourceId);
        if (others.some((item) => item.direction === after.direction && item.number === after.number)) {
          throw new Error(`${action.id}: rule number taken`);
        }
        if (action.action === 'update') {
          const previous = filter.rules.find((item) => item.id === action.resourceId);
          if (previous === undefined) throw new Error(`${action.id}: rule not found`);
          filter.rules = [...others, withChanges(action, previous, ruleFrom(previous.id, after))];
          return;
        }
        if (others.length >= RULES_PER_FILTER) throw new Error(`${action.id}: more than ${RULES_PER_FILTER} rules in ${filter.id}`);
        filter.rules = [...others, ruleFrom(fakeId('tmfr'), after)];
        return;
      }
      case 'session': {
        if (action.action === 'update') {
          const previous = state.sessions.get(action.resourceId ?? '');
          if (previous === undefined) throw new Error(`${action.id}: session not found`);
          const next = withChanges(action, previous, sessionFrom(action, state, previous.id, after, previous));
          checkSession(action, state, next);
          state.sessions.set(previous.id, next);
          return;
        }
        const next = sessionFrom(action, state, fakeId('tms'), after);
        if (!state.base.networkInterfaces.some((item) => item.id === next.networkInterfaceId)) {
          throw new Error(`${action.id}: no interface ${next.networkInterfaceId}`);
        }
        checkSession(action, state, next);
        state.sessions.set(next.id, next);
        return;
      }
    }
  };

  const remaining = options.order === 'reverse' ? [...plan.actions].reverse() : [...plan.actions];
  const ready = (action: PlanAction): boolean => action.dependsOn.every((dep) => done.has(dep));
  while (remaining.length > 0) {
    const early = options.order === 'deletes-last' ? remaining.findIndex((action) => action.action !== 'delete' && ready(action)) : -1;
    const position = early === -1 ? remaining.findIndex(ready) : early;
    if (position === -1) throw new Error(`dependency cycle among ${remaining.map((action) => action.id).join(', ')}`);
    const [action] = remaining.splice(position, 1);
    if (action === undefined) break;
    run(action);
    done.add(action.id);
    finishReplacements();
  }

  return {
    ...(observed.accountId === undefined ? {} : { accountId: observed.accountId }),
    regions: [...states.values()].map((state) => ({
      ...state.base,
      targets: [...state.targets.values()],
      filters: [...state.filters.values()],
      sessions: [...state.sessions.values()],
    })),
  };
}
