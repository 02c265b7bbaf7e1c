/**
 * Makes one SDK call exactly one HTTP attempt, whatever the client's maxAttempts.
 *
 * The executor retries mutating calls itself, so that every retry waits for the region's shared token bucket
 * and is counted. If the SDK retried throttles too, its retries would bypass the bucket and multiply attempts
 * (8 executor attempts × 8 SDK attempts). The CLI's writer clients already use maxAttempts 1; this override
 * keeps the executor correct with any EC2Client, e.g. the sandbox's.
 *
 * The SDK's retry plugin registers its middleware as "retryMiddleware" (finalizeRequest step, high priority,
 * override allowed). A command's own middleware is merged over the client's, so a pass-through registered
 * under the same name and slot replaces the retry loop for this command only. Should an SDK upgrade rename it,
 * test/apply/throttling.test.ts fails: the sandbox then counts throttles the executor never saw.
 */
type Handler = (args: object) => Promise<object>;

interface FinalizeStack {
  add(
    middleware: (next: Handler) => Handler,
    options: { name: string; step: 'finalizeRequest'; priority: 'high'; tags: string[]; override: true },
  ): void;
}

export function singleAttempt<C extends { readonly middlewareStack: object }>(command: C): C {
  // Typed structurally: the stack's own overloads are generic over each command's input and output.
  (command.middlewareStack as FinalizeStack).add((next) => (args) => next(args), {
    name: 'retryMiddleware',
    step: 'finalizeRequest',
    priority: 'high',
    tags: ['RETRY'],
    override: true,
  });
  return command;
}
