import { afterEach, describe, expect, it, vi } from 'vitest';
import { isolateAwsEnvironment } from '../discover/helpers/aws-env.js';
import { startHostileEndpoint, type HostileEndpoint, type HostileKind } from './helpers/hostile-endpoint.js';
import { runCli, type CliRun } from './run-cli.js';

const POLICY = 'examples/single-vpc-nlb.yaml';
const open: HostileEndpoint[] = [];

async function endpoint(kind: HostileKind): Promise<HostileEndpoint> {
  const started = await startHostileEndpoint(kind);
  open.push(started);
  return started;
}

const plan = (...args: string[]): Promise<CliRun> => runCli(['plan', '-c', POLICY, '--max-attempts', '2', ...args]);

/** An endpoint failure is the user's to fix: one located sentence and a hint, never "a bug in mirrorctl". */
function expectUserError(run: CliRun, message: RegExp, hint: RegExp): void {
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toBe('');
  const [first, second] = run.stderr.trimEnd().split('\n');
  expect(first).toMatch(/^mirrorctl: error: /);
  expect(first).toMatch(message);
  expect(second).toMatch(/^ {2}hint: /);
  expect(second).toMatch(hint);
  expect(run.stderr).not.toMatch(/internal error|bug in mirrorctl|\$response|Unknown|the AWS endpoint/);
}

afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

describe('endpoint errors', () => {
  isolateAwsEnvironment({ withCredentials: true });

  it('says an https:// endpoint speaks plain HTTP, and which http:// URL to use', async () => {
    const server = await endpoint('http-404');
    const https = `https://127.0.0.1:${server.port}`;

    const run = await plan('--endpoint-url', https);

    expectUserError(
      run,
      new RegExp(`The endpoint ${https} does not speak TLS: it answered the https:// handshake in plain text \\(GetCallerIdentity in us-east-1\\)\\.$`),
      new RegExp(`use ${server.url} in --endpoint-url$`),
    );
  });

  it('refuses an endpoint URL with a path before sending anything', async () => {
    const server = await endpoint('http-404');

    const run = await plan('--endpoint-url', `${server.url}/ec2/api`);

    expectUserError(
      run,
      /The endpoint URL "http:\/\/127\.0\.0\.1:\d+\/ec2\/api" has a path or query; AWS APIs are served at the root/,
      new RegExp(`drop everything after the port: ${server.url}$`),
    );
    expect(server.hits()).toBe(0);
  });

  it('says a 404 is not an AWS API answer (STS is asked first) and that the URL must be the root of one', async () => {
    const server = await endpoint('http-404');

    const run = await plan('--endpoint-url', server.url);

    expectUserError(
      run,
      new RegExp(`The endpoint ${server.url} answered with HTTP 404 Not Found, which is not an STS API response \\(GetCallerIdentity in us-east-1\\)\\.$`),
      /nothing serves the STS API at that URL: --endpoint-url must be the root URL of an STS-compatible endpoint/,
    );
  });

  it("names a proxy's HTML 502 page for what it is", async () => {
    const server = await endpoint('html-502');

    const run = await plan('--endpoint-url', server.url);

    expectUserError(
      run,
      new RegExp(`The endpoint ${server.url} answered with HTTP 502 Bad Gateway, which is not an STS API response`),
      /a proxy or gateway answered for a service that is down or unreachable/,
    );
  });

  it('names the endpoint that reset the connection', async () => {
    const server = await endpoint('reset');

    const run = await plan('--endpoint-url', server.url);

    expectUserError(
      run,
      new RegExp(`The endpoint ${server.url} closed the connection \\(ECONNRESET\\) \\(GetCallerIdentity in us-east-1\\)\\.$`),
      /serves the STS API over HTTP on that port.*, or fix --endpoint-url$/,
    );
  });

  it.each([
    ['AWS_ENDPOINT_URL', 'not a url', /AWS_ENDPOINT_URL \("not a url"\) is not an http\(s\) URL\./, /AWS_ENDPOINT_URL=http:\/\/localhost:4566, or unset it/],
    ['AWS_ENDPOINT_URL_EC2', 'localhost:4566', /AWS_ENDPOINT_URL_EC2 \("localhost:4566"\) is not an http\(s\) URL\./, /AWS_ENDPOINT_URL_EC2=http/],
    ['AWS_ENDPOINT_URL_EC2', 'http://localhost:4566/ec2', /AWS_ENDPOINT_URL_EC2 \("http:\/\/localhost:4566\/ec2"\) has a path/, /http:\/\/localhost:4566$/],
  ])('checks %s=%s like --endpoint-url', async (name, value, message, hint) => {
    vi.stubEnv(name, value);

    expectUserError(await plan(), message, hint);
  });

  it('reports a bad AWS_ENDPOINT_URL the same way in a sandbox, whose SDK clients still parse it', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'not a url');

    const run = await runCli(['plan', '-c', 'examples/sandbox/mirror.config.yaml', '--sandbox', 'examples/sandbox/demo-account.yaml']);

    expectUserError(run, /AWS_ENDPOINT_URL \("not a url"\) is not an http\(s\) URL\./, /or unset it$/);
  });
});

describe('timeouts', () => {
  isolateAwsEnvironment({ withCredentials: true });

  it.each(['accept-and-hang', 'headers-then-stop'] as const)(
    'ends a read from an endpoint that %s after --timeout per attempt, naming the endpoint and the flag',
    async (kind) => {
      const server = await endpoint(kind);

      const run = await plan('--endpoint-url', server.url, '--timeout', '0.3');

      expectUserError(
        run,
        new RegExp(`The endpoint ${server.url} did not answer within 0.3 s on any of 2 attempts \\(GetCallerIdentity in us-east-1\\)\\.$`),
        /if it is just slow, raise --timeout SECONDS \(now 0.3\); otherwise check the network, or fix --endpoint-url$/,
      );
      // Timeouts are retried like any transient failure: the second attempt opened a connection of its own.
      expect(server.hits()).toBeGreaterThanOrEqual(2);
    },
    10_000,
  );

  it('refuses a --timeout that is not a positive number of seconds', async () => {
    const run = await plan('--timeout', '0', '--endpoint-url', 'http://127.0.0.1:1');

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/--timeout must be a number above 0/);
  });
});
