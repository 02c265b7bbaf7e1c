/** The apply's live progress: done/total, pace, ETA and throttles, on stderr. */
import type { ApplyEvent } from '../aws/apply/index.js';
import type { CliContext } from './context.js';
import { formatCount, formatDuration, statusLine } from './status-line.js';

export function applyProgress(context: CliContext): { onEvent: (event: ApplyEvent) => void; clear: () => void } {
  const { io, colors: c } = context;
  const line = statusLine({ sink: io.stderr, live: io.liveProgress });
  return {
    onEvent(event) {
      if (event.type === 'failed') {
        line.clear();
        io.stderr.write(`${c.red('failed')} ${event.actionId}: ${event.error.code}: ${event.error.message}\n`);
      }
      const p = event.progress;
      const finished = p.done + p.failed + p.skipped;
      const percent = p.total === 0 ? 100 : Math.floor((finished / p.total) * 100);
      const seconds = p.elapsedMs / 1000;
      const callsPerSecond = seconds > 0 ? p.apiCalls / seconds : 0;
      // The bucket's estimate ignores latency and retries; the pace so far includes them. Trust the slower.
      const observedEtaMs = finished > 0 ? (p.elapsedMs / finished) * (p.total - finished) : 0;
      const eta = finished === 0 ? '…' : formatDuration(Math.max(p.etaMs, observedEtaMs));
      const text =
        `Applying: ${formatCount(finished)}/${formatCount(p.total)} (${percent}%)` +
        ` · ${callsPerSecond.toFixed(1)} calls/s · ETA ${eta}` +
        ` · ${formatCount(p.apiCalls)} API calls` +
        (p.throttles > 0 ? ` · ${formatCount(p.throttles)} throttled` : '') +
        (p.failed > 0 ? ` · ${c.red(`${formatCount(p.failed)} failed`)}` : '') +
        (event.type === 'waiting' ? ` · waiting for ${event.what} (${formatDuration(event.elapsedMs)})` : '');
      line.update(text, finished === p.total);
    },
    clear: () => line.clear(),
  };
}
