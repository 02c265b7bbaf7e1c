/** Shows discovery's reads as they page through the account, and one summary line per region at the end. */
import type { AwsClients } from '../aws/clients.js';
import type { DiscoveryProgress } from '../aws/discover/index.js';
import type { ObservedAccount } from '../core/types/observed.js';
import type { CliContext } from './context.js';
import { formatCount, formatDuration, plural, statusLine } from './status-line.js';

export interface DiscoveryReporter {
  readonly onProgress: (event: DiscoveryProgress) => void;
  finish(observed: ObservedAccount): void;
  abort(): void;
}

export function discoveryReporter(context: CliContext, started = Date.now()): DiscoveryReporter {
  const { io, colors: c } = context;
  const line = statusLine({ sink: io.stderr, live: io.liveProgress });
  const pages = new Map<string, number>();
  return {
    onProgress(event) {
      pages.set(`${event.region}/${event.action}`, event.pages);
      const total = [...pages.values()].reduce((sum, n) => sum + n, 0);
      line.update(`${c.dim('Discovering')} ${event.region}: ${event.action} page ${event.pages} (${plural(total, 'page')} so far)`);
    },
    finish(observed) {
      line.clear();
      const calls = [...pages.values()].reduce((sum, n) => sum + n, 0);
      for (const region of observed.regions) {
        io.stderr.write(
          `${c.dim('Discovered')} ${region.region}: ${plural(region.vpcs.length, 'VPC')}, ` +
            `${plural(region.instances.length, 'instance')}, ${plural(region.networkInterfaces.length, 'interface')}, ` +
            `${plural(region.sessions.length, 'mirror session')}\n`,
        );
      }
      io.stderr.write(c.dim(`Discovery took ${formatDuration(Date.now() - started)} and ${formatCount(calls)} API calls (one per page).\n`));
    },
    abort() {
      line.clear();
    },
  };
}

/** Discovery with its progress shown, for the commands that discover without planning (or before a saved plan). */
export async function discoverWithProgress(
  context: CliContext,
  clients: AwsClients,
  regions: readonly string[],
  loadBalancerArns: readonly string[] = [],
): Promise<ObservedAccount> {
  const { discover } = await import('../aws/discover/index.js');
  const progress = discoveryReporter(context);
  try {
    const observed = await discover(clients, { regions, loadBalancerArns, onProgress: progress.onProgress });
    progress.finish(observed);
    return observed;
  } catch (error) {
    progress.abort();
    throw error;
  }
}
