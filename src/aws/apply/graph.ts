/**
 * The dependency graph of a plan's actions, checked before anything is sent: a saved plan that names an
 * unknown dependency or loops would otherwise stall the apply halfway.
 */
import { UserError } from '../../core/errors.js';
import type { PlanAction } from '../../core/types/plan.js';

export interface GraphNode {
  readonly action: PlanAction;
  readonly dependencies: readonly GraphNode[];
  readonly dependants: readonly GraphNode[];
}

const HINT = 're-create the plan with `mirrorctl plan --out`';

export function buildGraph(actions: readonly PlanAction[]): GraphNode[] {
  const byId = new Map<string, { action: PlanAction; dependencies: GraphNode[]; dependants: GraphNode[] }>();
  for (const action of actions) {
    if (byId.has(action.id)) throw new UserError(`The plan has two actions with id ${action.id}.`, { hint: HINT });
    byId.set(action.id, { action, dependencies: [], dependants: [] });
  }
  for (const node of byId.values()) {
    for (const dependencyId of new Set(node.action.dependsOn)) {
      const dependency = byId.get(dependencyId);
      if (dependency === undefined) {
        throw new UserError(`Action ${node.action.id} depends on ${dependencyId}, which is not in the plan.`, {
          hint: HINT,
        });
      }
      node.dependencies.push(dependency);
      dependency.dependants.push(node);
    }
  }
  const nodes = [...byId.values()];
  rejectCycles(nodes);
  return nodes;
}

/** Kahn's algorithm: whatever cannot be ordered sits on a cycle. */
function rejectCycles(nodes: readonly GraphNode[]): void {
  const unmet = new Map(nodes.map((node) => [node, node.dependencies.length]));
  const free = nodes.filter((node) => node.dependencies.length === 0);
  let ordered = 0;
  for (let next = free.pop(); next !== undefined; next = free.pop()) {
    ordered += 1;
    for (const dependant of next.dependants) {
      const left = (unmet.get(dependant) ?? 0) - 1;
      unmet.set(dependant, left);
      if (left === 0) free.push(dependant);
    }
  }
  if (ordered < nodes.length) {
    const stuck = nodes.filter((node) => (unmet.get(node) ?? 0) > 0).map((node) => node.action.id);
    throw new UserError(`The plan's dependencies form a cycle among: ${stuck.slice(0, 5).join(', ')}.`, {
      hint: HINT,
    });
  }
}
