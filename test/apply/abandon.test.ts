import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { startHostileEndpoint, type HostileEndpoint } from '../cli/helpers/hostile-endpoint.js';
import { isolateAwsEnvironment } from '../discover/helpers/aws-env.js';
import { create, filter, plan } from './helpers/world.js';

let server: HostileEndpoint | undefined;
let clients: AwsClients | undefined;
afterEach(async () => {
  clients?.destroy();
  await server?.close();
});

describe('abandoning calls in flight', () => {
  isolateAwsEnvironment({ withCredentials: true });

  it('ends a call to an endpoint that never answers as Interrupted once the abandon signal fires', async () => {
    server = await startHostileEndpoint('accept-and-hang');
    // A timeout far beyond the test's own: only the abort can end the call in time.
    clients = createAwsClients({ endpointUrl: server.url, maxAttempts: 1, timeoutSeconds: 600 });
    const stop = new AbortController();
    const abandon = new AbortController();

    const applying = applyPlan(plan([create('filter/all', filter())]), clients, {
      planId: 'abandon',
      signal: stop.signal,
      abandon: abandon.signal,
    });
    while (server.hits() === 0) await delay(10);
    stop.abort();
    abandon.abort();
    const result = await applying;

    expect(result.interrupted).toBe(true);
    expect(result.outcomes).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        error: expect.objectContaining({
          code: 'Interrupted',
          message:
            'CreateTrafficMirrorFilter was abandoned in flight after the interrupt; AWS may have carried it out, the next plan shows',
        }),
      }),
    ]);
  }, 10_000);
});
