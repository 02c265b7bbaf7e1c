/**
 * Runs the plan's actions in dependency order, up to `concurrency` at once in each region: every region has
 * its own API bucket, so a region waiting for tokens must not hold the workers another region could use.
 *
 * - An action starts once all its dependencies are done; one whose dependency failed or was skipped is
 *   skipped, and independent actions go on.
 * - A replace is make-before-break: its replacement is created first, which releases its dependants (they now
 *   resolve its key to the new id); the old resource is deleted only after every direct dependant is done. If
 *   one of them fails, the old resource is kept, since something may still use it.
 * - Once stopped (by the caller's signal, or by AWS refusing the credentials), nothing new starts (no action,
 *   no retry, no second phase); calls in flight finish, and what was not run is reported not started.
 */
import type { PlanAction } from '../../core/types/plan.js';
import { ActionContext, ActionFailure, StoppedBeforeStart, failure, producedKey } from './action-context.js';
import { explain } from './explanations.js';
import type { GraphNode } from './graph.js';
import type { OwnershipGuard } from './ownership-guard.js';
import { ProgressTracker } from './progress.js';
import { retireReplaced, runAction } from './run-action.js';
import type { Runtime } from './runtime.js';
import type { ActionError, ActionOutcome } from './types.js';

type Stage = 'waiting' | 'ready' | 'running' | 'created' | 'finished';
type Phase = 'main' | 'retire';

interface Node {
  readonly action: PlanAction;
  readonly context: ActionContext;
  dependencies: readonly Node[];
  dependants: readonly Node[];
  unmetDependencies: number;
  /** For a created replacement: direct dependants that have not finished yet. */
  unfinishedDependants: number;
  /** Its dependants were let go before it finished (a rule, once AWS answered its create). */
  released: boolean;
  stage: Stage;
  resourceId?: string;
  outcome?: ActionOutcome;
}

interface Job {
  readonly node: Node;
  readonly phase: Phase;
}

/** One region's jobs in the order they became ready, and how many of them run. */
interface Lane {
  readonly jobs: Job[];
  next: number;
  running: number;
}

export class Scheduler {
  readonly #runtime: Runtime;
  readonly #policyName: string;
  readonly #concurrency: number;
  readonly #guard: OwnershipGuard;
  readonly #nodes: readonly Node[];
  readonly #progress: ProgressTracker;
  /** Ids created in this apply by region and key, for references that have no id yet. */
  readonly #produced = new Map<string, string>();
  readonly #lanes = new Map<string, Lane>();
  /** Actions running without a slot: they lent theirs out while waiting and found none free on resuming. */
  readonly #unslotted = new Set<ActionContext>();
  #running = 0;
  #idle: () => void = () => undefined;

  constructor(
    graph: readonly GraphNode[],
    runtime: Runtime,
    options: { policyName: string; concurrency: number; guard?: OwnershipGuard },
  ) {
    this.#runtime = runtime;
    this.#guard = options.guard ?? (() => undefined);
    this.#policyName = options.policyName;
    this.#concurrency = options.concurrency;
    const nodes = new Map<GraphNode, Node>();
    for (const graphNode of graph) {
      nodes.set(graphNode, {
        action: graphNode.action,
        context: new ActionContext(
          graphNode.action,
          runtime,
          this.#produced,
          () => graphNode.dependants.length > 0 || this.#drained(graphNode.action.region),
        ),
        dependencies: [],
        dependants: [],
        unmetDependencies: graphNode.dependencies.length,
        unfinishedDependants: graphNode.dependants.length,
        released: false,
        stage: 'waiting',
      });
    }
    const nodeOf = (graphNode: GraphNode): Node => nodes.get(graphNode) as Node;
    for (const [graphNode, node] of nodes) {
      node.dependencies = graphNode.dependencies.map(nodeOf);
      node.dependants = graphNode.dependants.map(nodeOf);
    }
    this.#nodes = [...nodes.values()];
    for (const node of this.#nodes) {
      if (releasesOnAnswer(node.action)) node.context.onAnswered = () => this.#release(node);
    }
    this.#progress = new ProgressTracker(
      this.#nodes.map((node) => node.action),
      runtime,
    );
    runtime.reportProgressWith(() => this.#progress.snapshot(this.#running));
    // An action waiting to retry holds no call: its slot starts another action meanwhile. Resuming, it takes a
    // slot back if one is free, and otherwise finishes without one: work already begun goes before new work, and
    // the calls in flight exceed `concurrency` only by actions finishing their retries.
    runtime.useWorkerSlots({
      lend: (context) => {
        const lane = this.#lanes.get(context.action.region);
        if (lane === undefined) return;
        lane.running -= 1;
        this.#unslotted.add(context);
        this.#pump();
      },
      reclaim: (context) => {
        const lane = this.#lanes.get(context.action.region);
        if (lane === undefined || lane.running >= this.#concurrency) return;
        lane.running += 1;
        this.#unslotted.delete(context);
      },
    });
  }

  get elapsedMs(): number {
    return this.#progress.elapsedMs;
  }

  /** Runs until everything finished or, once stopped, until the calls in flight return. Outcomes in plan order. */
  async run(): Promise<ActionOutcome[]> {
    for (const node of this.#nodes) {
      if (node.unmetDependencies === 0) this.#enqueue(node, 'main');
    }
    await new Promise<void>((resolve) => {
      this.#idle = resolve;
      this.#pump();
    });
    return this.#nodes.map((node) => node.outcome ?? this.#leftOver(node));
  }

  #pump(): void {
    const stopped = this.#runtime.stopped();
    let waiting = false;
    for (const lane of this.#lanes.values()) {
      while (!stopped && lane.running < this.#concurrency && lane.next < lane.jobs.length) {
        const job = lane.jobs[lane.next] as Job;
        lane.next += 1;
        this.#start(job, lane);
      }
      waiting ||= lane.next < lane.jobs.length;
    }
    if (this.#running === 0 && (stopped || !waiting)) this.#idle();
  }

  /** Nothing in this region waits for a worker: the apply's end there waits on the actions running. */
  #drained(region: string): boolean {
    const lane = this.#lanes.get(region);
    return lane === undefined || lane.next >= lane.jobs.length;
  }

  #enqueue(node: Node, phase: Phase): void {
    node.stage = 'ready';
    const region = node.action.region;
    let lane = this.#lanes.get(region);
    if (lane === undefined) {
      lane = { jobs: [], next: 0, running: 0 };
      this.#lanes.set(region, lane);
    }
    lane.jobs.push({ node, phase });
  }

  #start(job: Job, lane: Lane): void {
    lane.running += 1;
    this.#running += 1;
    job.node.stage = 'running';
    if (job.phase === 'main') this.#runtime.emit({ type: 'started', actionId: job.node.action.id });
    void this.#execute(job).finally(() => {
      if (!this.#unslotted.delete(job.node.context)) lane.running -= 1;
      this.#running -= 1;
      this.#pump();
    });
  }

  async #execute({ node, phase }: Job): Promise<void> {
    const action = node.action;
    try {
      if (phase === 'retire') {
        await retireReplaced(node.context);
        this.#finish(node, { status: 'done' }, false);
        return;
      }
      const refusal = this.#guard(action);
      if (refusal !== undefined) throw failure('NotOwned', refusal);
      node.resourceId = await runAction(node.context, this.#policyName);
      if (action.action === 'create' || action.action === 'replace') {
        this.#produced.set(producedKey(action.region, action.key), node.resourceId);
      }
      if (action.action === 'replace') this.#replacementCreated(node);
      else this.#finish(node, { status: 'done' }, false);
    } catch (error) {
      if (error instanceof StoppedBeforeStart) {
        node.stage = 'waiting';
        return;
      }
      const reason = asActionError(error);
      if (phase === 'retire') this.#finish(node, { status: 'failed', error: retireError(node, reason) }, false);
      else this.#finish(node, { status: 'failed', error: reason }, true);
    }
  }

  #replacementCreated(node: Node): void {
    node.stage = 'created';
    this.#progress.replacementCreated(node.action);
    this.#release(node);
    this.#retireWhenMovedOver(node);
  }

  /** Dependencies satisfied: dependants whose other dependencies are done too may start. */
  #release(node: Node): void {
    if (node.released) return;
    node.released = true;
    for (const dependant of node.dependants) {
      dependant.unmetDependencies -= 1;
      if (dependant.unmetDependencies === 0 && dependant.stage === 'waiting') this.#enqueue(dependant, 'main');
    }
  }

  #retireWhenMovedOver(node: Node): void {
    if (node.stage === 'created' && node.unfinishedDependants === 0) this.#enqueue(node, 'retire');
  }

  #finish(
    node: Node,
    result: { status: 'done' } | { status: 'failed'; error: ActionError } | { status: 'skipped'; because: string },
    cascade: boolean,
  ): void {
    const action = node.action;
    node.stage = 'finished';
    // A create that failed after its first call (e.g. a filter's network services) still reports what exists.
    const resourceId = node.resourceId ?? node.context.createdId;
    node.outcome = {
      actionId: action.id,
      status: result.status,
      ...(resourceId === undefined ? {} : { resourceId }),
      ...(result.status === 'failed' ? { error: result.error } : {}),
      ...(result.status === 'skipped' ? { skippedBecause: result.because } : {}),
      ...(result.status === 'done' && node.context.doneBy !== undefined ? { doneBy: node.context.doneBy } : {}),
      attempts: node.context.attempts,
    };
    this.#progress.finished(action, result.status);
    if (result.status === 'done') {
      this.#runtime.emit({
        type: 'done',
        actionId: action.id,
        ...(node.resourceId === undefined ? {} : { resourceId: node.resourceId }),
      });
      // A replace released its dependants when its replacement was created.
      if (action.action !== 'replace') this.#release(node);
    } else if (result.status === 'failed') {
      this.#runtime.emit({ type: 'failed', actionId: action.id, error: result.error });
    } else {
      this.#runtime.emit({ type: 'skipped', actionId: action.id, because: result.because });
    }
    // After a stop, what was not run is "not started", not "skipped": a re-run does it.
    const stoppedShort = result.status === 'failed' && (result.error.code === 'Interrupted' || this.#runtime.stoppedBy === 'auth');
    if (cascade && !stoppedShort) {
      const which = result.status === 'failed' ? `failed (${result.error.code})` : 'was skipped';
      const because = `depends on ${action.id}, which ${which}`;
      for (const dependant of node.dependants) {
        if (dependant.stage === 'waiting') this.#finish(dependant, { status: 'skipped', because }, true);
      }
    }
    for (const dependency of node.dependencies) {
      if (dependency.stage !== 'created') continue;
      if (result.status === 'done') {
        dependency.unfinishedDependants -= 1;
        this.#retireWhenMovedOver(dependency);
      } else {
        const interrupted = result.status === 'failed' && result.error.code === 'Interrupted';
        const kept = `${action.id} ${result.status === 'failed' ? 'failed' : 'was skipped'}`;
        const error = interrupted ? keptOld(dependency, kept, 'Interrupted') : keptOld(dependency, kept);
        this.#finish(dependency, { status: 'failed', error }, false);
      }
    }
  }

  /** What is left once the apply stopped early. */
  #leftOver(node: Node): ActionOutcome {
    const attempts = node.context.attempts;
    if (node.action.action === 'replace' && node.resourceId !== undefined) {
      return {
        actionId: node.action.id,
        status: 'failed',
        resourceId: node.resourceId,
        error: keptOld(node, 'the apply was stopped', 'Interrupted'),
        attempts,
      };
    }
    return { actionId: node.action.id, status: 'not-started', attempts };
  }
}

/**
 * A rule's create lets its sessions start as soon as AWS answers it: they never name the rule, so they need it
 * made, not confirmed by a read, and a filter's rules would otherwise hold every session back by another
 * propagation delay. If the read then shows a replayed id, the rule is made again (replay.ts) while the
 * sessions already mirror through the filter.
 */
const releasesOnAnswer = (action: PlanAction): boolean => action.type === 'filter-rule' && action.action === 'create';

function keptOld(node: Node, why: string, code = 'ReplaceIncomplete'): ActionError {
  return { code, message: `created ${newId(node)} but kept ${oldId(node)}: ${why}`, explanation: explain(code) };
}

function retireError(node: Node, reason: ActionError): ActionError {
  return { ...reason, message: `created ${newId(node)}, but deleting ${oldId(node)} failed: ${reason.message}` };
}

const newId = (node: Node): string => node.resourceId ?? 'the replacement';
const oldId = (node: Node): string => node.action.resourceId ?? 'the old resource';

function asActionError(error: unknown): ActionError {
  if (error instanceof ActionFailure) return error.error;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return failure('UnexpectedError', message).error;
}
