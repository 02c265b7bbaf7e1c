/**
 * The server half of the bench's wire mode, in a process of its own (forked by bench/lib/wire.js): it builds
 * the scenario's account, serves it over HTTP on a loopback port (`Sandbox.serve`, as `mirrorctl sandbox
 * serve` does) and answers the scenario process's questions over IPC: calls counted, bytes sent, its own CPU.
 * Apart, the account's memory and the server's work stay out of the figures of the process that plans.
 */
import { buildAccount } from './lib/account.js';

const { params, sandboxOptions } = JSON.parse(process.argv[2] ?? '{}');
const { sandbox, policyText, shape } = buildAccount(params, sandboxOptions ?? {});
const server = await sandbox.serve({ port: 0 });

let cpuAtReset = process.cpuUsage();
let bytesAtReset = server.stats();

const answers = {
  reset() {
    sandbox.calls.reset();
    cpuAtReset = process.cpuUsage();
    bytesAtReset = server.stats();
    return {};
  },
  read() {
    const cpu = process.cpuUsage(cpuAtReset);
    const stats = server.stats();
    const bytesByAction = {};
    for (const [action, bytes] of Object.entries(stats.bytesByAction)) {
      const delta = bytes - (bytesAtReset.bytesByAction[action] ?? 0);
      if (delta > 0) bytesByAction[action] = delta;
    }
    return {
      total: sandbox.calls.total(),
      mutating: sandbox.calls.mutating(),
      byAction: { ...sandbox.calls.byAction },
      throttled: sandbox.calls.throttled,
      faults: sandbox.calls.faults,
      bytes: stats.bytes - bytesAtReset.bytes,
      bytesByAction,
      serverCpuMs: (cpu.user + cpu.system) / 1000,
    };
  },
  file: () => sandbox.toFile(),
  async close() {
    await server.close();
    setImmediate(() => process.exit(0));
    return {};
  },
};

process.on('message', async ({ id, question }) => {
  try {
    process.send({ id, answer: await answers[question]() });
  } catch (error) {
    process.send({ id, error: error instanceof Error ? error.stack : String(error) });
  }
});
process.send({ id: 0, answer: { url: server.url, policyText, shape } });
