/** An apply that leaves owned duplicates behind does not say "Apply complete!" and exits 1. */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSandboxFile, writeSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';

describe('apply with owned duplicates left', () => {
  it('reports them and exits 1 instead of "Apply complete!"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mirrorctl-dup-'));
    const account = join(dir, 'account.yaml');
    await copyFile(DEMO, account);
    const apply = (...extra: string[]) => runCli(['apply', '--sandbox', account, '-c', POLICY, '--auto-approve', ...extra]);
    expect((await apply()).exitCode).toBe(0);

    // A copy of an owned filter that another tool's session uses (so no plan may delete it), and one of our
    // sessions edited by hand, so the next apply has something to do.
    const file = await readSandboxFile(account);
    const ours = (r: (typeof file.regions)[string]) => (r.trafficMirrorSessions ?? []).filter((s) => s.tags?.['mirrorctl:policy'] !== undefined);
    const [regionName, region] = Object.entries(file.regions).find(([, r]) => ours(r).length >= 2) ?? [];
    if (region === undefined || regionName === undefined) throw new Error('the demo apply made no sessions');
    const [gone, kept] = ours(region);
    const filter = region.trafficMirrorFilters?.find((f) => f.id === kept?.filterId);
    if (gone === undefined || kept === undefined || filter === undefined) throw new Error('unexpected demo state');
    // Its id sorts last, so with uses tied the planner keeps the original and the copy stays in use.
    const copyId = 'tmf-fffffffffffffffff';
    region.trafficMirrorFilters = [...(region.trafficMirrorFilters ?? []), { ...filter, id: copyId, rules: [] }];
    region.trafficMirrorSessions = [
      ...(region.trafficMirrorSessions ?? []).map((s) => (s.id === gone.id ? { ...s, description: 'edited by hand' } : s)),
      { id: 'tms-fffffffffffffffff', networkInterfaceId: kept.networkInterfaceId, targetId: kept.targetId, filterId: copyId, sessionNumber: 3 },
    ];
    await writeSandboxFile(account, file);

    const again = await apply();
    expect(again.exitCode).toBe(1);
    expect(again.stdout).not.toContain('Apply complete!');
    expect(again.stdout).toContain('Apply finished, but the account has not converged');
    expect(again.stdout).toContain(`2 owned copies of filter ${String(filter.tags?.['mirrorctl:key'])} in ${regionName}`);

  });
});
