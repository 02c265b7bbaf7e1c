/** The machine and revision a run measured, saved with the figures so they can be compared fairly. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

function git(args) {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  const status = git(['status', '--porcelain']);
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    // Other work on the machine slows every figure; the load at the start says how quiet it was.
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    date: new Date().toISOString(),
    gitCommit: git(['rev-parse', 'HEAD']) ?? 'unknown',
    // Figures from a working tree with uncommitted changes belong to no commit exactly.
    gitDirty: status === undefined ? null : status !== '',
  };
}
