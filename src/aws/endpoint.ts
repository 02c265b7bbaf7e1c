/**
 * Which endpoint each SDK client talks to and where that choice came from, checked before anything is sent:
 * a mistyped `--endpoint-url` or AWS_ENDPOINT_URL* otherwise surfaces as an SDK internal error ("Invalid URL")
 * or as a 404 from the wrong path, neither of which says which setting to fix.
 */
import { UserError } from '../core/errors.js';

/** The service part of AWS_ENDPOINT_URL_<SERVICE>, as the SDKs spell it. */
export type EndpointService = 'EC2' | 'ELASTIC_LOAD_BALANCING_V2' | 'STS' | 'IAM' | 'ORGANIZATIONS';

/** The setting that chose an endpoint: `--endpoint-url` or an environment variable. */
export type EndpointSource = '--endpoint-url' | `AWS_ENDPOINT_URL${string}`;

export interface ConfiguredEndpoint {
  readonly url: string;
  readonly source: EndpointSource;
}

/**
 * The endpoint a client of `service` will use when the user configured one, in the SDK's precedence: the
 * explicit URL, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (empty values count as unset, and
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the variables off, as in the SDK). Undefined means AWS's
 * own endpoint or the profile's `endpoint_url`, which the SDK resolves itself.
 */
export function configuredEndpoint(
  service: EndpointService,
  explicitUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ConfiguredEndpoint | undefined {
  if (explicitUrl !== undefined) return checkedEndpoint({ url: explicitUrl, source: '--endpoint-url' });
  if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.trim().toLowerCase() === 'true') return undefined;
  for (const name of [`AWS_ENDPOINT_URL_${service}`, 'AWS_ENDPOINT_URL'] as const) {
    const url = env[name];
    if (url !== undefined && url !== '') return checkedEndpoint({ url, source: name });
  }
  return undefined;
}

/** How the user should refer to a source in a hint. */
export function describeSource(source: EndpointSource | undefined): string {
  if (source === undefined) return "the AWS profile's endpoint_url, if set";
  return source === '--endpoint-url' ? '--endpoint-url' : `the ${source} environment variable`;
}

function checkedEndpoint(endpoint: ConfiguredEndpoint): ConfiguredEndpoint {
  const { url, source } = endpoint;
  const setting = source === '--endpoint-url' ? `The endpoint URL "${url}"` : `${source} ("${url}")`;
  const example = source === '--endpoint-url' ? '--endpoint-url http://localhost:4566' : `${source}=http://localhost:4566`;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.hostname === '') {
    throw new UserError(`${setting} is not an http(s) URL.`, {
      hint: `pass a scheme, host and port, e.g. ${example}${source === '--endpoint-url' ? '' : ', or unset it'}`,
    });
  }
  // AWS query APIs are served at the root: with a path, an emulator answers 404 and a proxy its own page.
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search !== '' || parsed.hash !== '') {
    throw new UserError(`${setting} has a path or query; AWS APIs are served at the root of the endpoint.`, {
      hint: `drop everything after the port: ${parsed.protocol}//${parsed.host}`,
    });
  }
  return endpoint;
}
