/**
 * The bench's wire mode: the scenario's account served over HTTP by a process of its own (bench/wire-server.js),
 * and the SDK clients of the process that plans pointed at it with --endpoint-url, as a user points mirrorctl at
 * AWS. Discovery then pays for HTTP and for the SDK's XML deserializer, as it does against AWS.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAwsClients } from '../../dist/aws/clients.js';

const SERVER_ENTRY = fileURLToPath(new URL('../wire-server.js', import.meta.url));

/** Any credentials do: the server reads the service and region from the signature's scope, nothing else. */
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDWIREBENCH', AWS_SECRET_ACCESS_KEY: 'wire/bench/secret' };

/**
 * Starts the server and resolves once it listens: its URL, the generated policy's text and the account's shape.
 * `ask(question)` asks it for 'reset', 'read' (calls, bytes, CPU since the reset), 'file' or 'close'.
 */
export async function startWireServer(params, sandboxOptions = {}) {
  const child = fork(SERVER_ENTRY, [JSON.stringify({ params, sandboxOptions })], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  });
  const pending = new Map();
  let next = 1;
  let started;
  const ready = new Promise((resolve, reject) => {
    started = { resolve, reject };
  });
  child.on('message', ({ id, answer, error }) => {
    const waiting = id === 0 ? started : pending.get(id);
    pending.delete(id);
    if (error !== undefined) waiting?.reject(new Error(`wire server: ${error}`));
    else waiting?.resolve(answer);
  });
  child.on('exit', (code) => {
    const failure = new Error(`the wire server exited (${code})`);
    started.reject(failure);
    for (const waiting of pending.values()) waiting.reject(failure);
  });
  const { url, policyText, shape } = await ready;
  const ask = (question) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ id, question });
    });
  return { url, policyText, shape, ask, close: () => ask('close') };
}

/** The reading clients `mirrorctl plan --endpoint-url URL` builds, with credentials from the environment. */
export function wireClients(url) {
  Object.assign(process.env, FAKE_CREDENTIALS, { AWS_EC2_METADATA_DISABLED: 'true' });
  return createAwsClients({ endpointUrl: url });
}

/** The server's counters as observe.js reads them. */
export const wireCounter = (server) => ({
  reset: () => server.ask('reset'),
  read: () => server.ask('read'),
});
