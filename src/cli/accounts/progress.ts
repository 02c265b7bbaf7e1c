/** Progress of a run over accounts on stderr: one line per account as it is planned or fails, and a live count. */
import type { AccountProgress } from '../../app/accounts/plan-accounts.js';
import type { CliContext } from '../context.js';
import { formatCount, formatDuration, statusLine } from '../status-line.js';

export interface AccountsReporter {
  readonly onProgress: (event: AccountProgress) => void;
  finish(): void;
}

export function accountsProgress(context: CliContext, started = Date.now()): AccountsReporter {
  const { io, colors: c } = context;
  const line = statusLine({ sink: io.stderr, live: io.liveProgress });
  let total = 0;
  let planned = 0;
  let failed = 0;
  const running = new Set<string>();
  const status = (): string =>
    `${c.dim('Planning accounts:')} ${formatCount(planned + failed)}/${formatCount(total)} done` +
    (failed > 0 ? ` · ${c.red(`${formatCount(failed)} failed`)}` : '') +
    (running.size > 0 ? ` · in progress: ${[...running].slice(0, 4).join(', ')}${running.size > 4 ? ', …' : ''}` : '');
  return {
    onProgress(event) {
      if (event.type === 'resolved') {
        total = event.accounts;
        io.stderr.write(`${c.dim('Accounts:')} ${formatCount(total)} to plan\n`);
        return;
      }
      if (event.type === 'started') running.add(event.accountId);
      else {
        running.delete(event.accountId);
        line.clear();
        if (event.type === 'planned') {
          planned += 1;
          const { create, update, delete: destroy } = event.plan.summary;
          const what = event.plan.actions.length === 0 ? 'no changes' : `${create} to add, ${update} to change, ${destroy} to destroy`;
          io.stderr.write(`${c.dim('Planned')} account ${event.accountId}: ${what}\n`);
        } else {
          failed += 1;
          io.stderr.write(`${c.red('Not planned')} account ${event.accountId}: ${event.error.message}\n`);
        }
      }
      line.update(status());
    },
    finish() {
      line.clear();
      io.stderr.write(c.dim(`Planned ${formatCount(planned)} of ${formatCount(total)} accounts in ${formatDuration(Date.now() - started)}.\n`));
    },
  };
}
