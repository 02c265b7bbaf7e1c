/**
 * A mirror target on a load balancer still provisioning is refused (mirrorctl's sandbox answers
 * IncorrectState; what AWS answers is unverified), so the target waits for `active` with the SDK's ELBv2
 * waiter (DescribeLoadBalancers until every state is active), reporting how long it has waited.
 */
import { waitForLoadBalancerAvailable } from '@aws-sdk/client-elastic-load-balancing-v2';
import { failure, type ActionContext } from '../action-context.js';

/** ELBv2's own waiter delays (15 s first, 120 s at most), and a wait generous for a new NLB. */
const DEFAULT_MIN_DELAY_SECONDS = 15;
const DEFAULT_MAX_DELAY_SECONDS = 120;
const DEFAULT_MAX_WAIT_SECONDS = 900;
const DEFAULT_REPORT_EVERY_SECONDS = 10;

export async function waitUntilActive(ctx: ActionContext, arn: string): Promise<void> {
  const settings = ctx.loadBalancerWait;
  const minDelay = settings.minDelaySeconds ?? DEFAULT_MIN_DELAY_SECONDS;
  const maxDelay = Math.max(minDelay, settings.maxDelaySeconds ?? DEFAULT_MAX_DELAY_SECONDS);
  const maxWaitTime = Math.max(minDelay * 2, settings.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS);
  const name = arn.split('/')[2] ?? arn;
  const what = `load balancer ${name} to become active`;
  const started = Date.now();
  // The waiter polls with its own client calls: counted through this wrapper, so the apply's totals stay true.
  const elb = ctx.elbClient();
  const counting = Object.create(elb) as typeof elb;
  Object.defineProperty(counting, 'send', {
    value: (...args: Parameters<typeof elb.send>) => {
      ctx.countCall();
      return elb.send(...args);
    },
  });
  ctx.waiting(what, 0);
  const stop = new AbortController();
  const report = setInterval(() => ctx.waiting(what, Date.now() - started), (settings.reportEverySeconds ?? DEFAULT_REPORT_EVERY_SECONDS) * 1000);
  report.unref();
  const stopped = setInterval(() => {
    if (ctx.stopped()) stop.abort();
  }, 250);
  stopped.unref();
  try {
    const result = await waitForLoadBalancerAvailable(
      { client: counting, minDelay, maxDelay, maxWaitTime, abortSignal: stop.signal },
      { LoadBalancerArns: [arn] },
    );
    if (result.state === 'SUCCESS') return;
    if (result.state === 'ABORTED') throw failure('Interrupted', `stopped while waiting for ${what}`);
    throw failure(
      'LoadBalancerNotActive',
      `${arn} did not become active within ${maxWaitTime} s (waiter: ${result.state}${result.reason === undefined ? '' : `, last answer ${describe(result.reason)}`})`,
    );
  } finally {
    clearInterval(report);
    clearInterval(stopped);
  }
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  const state = (reason as { LoadBalancers?: { State?: { Code?: string } }[] } | undefined)?.LoadBalancers?.[0]?.State?.Code;
  return state === undefined ? 'unknown' : `state ${state}`;
}
