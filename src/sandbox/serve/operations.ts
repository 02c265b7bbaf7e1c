/**
 * The services the sandbox serves over HTTP and where their wire formats come from: each operation's schema
 * is the one its SDK client ships and exports (`DescribeInstances$` from @aws-sdk/client-ec2…), so requests
 * are read and answers written exactly as the client writes and reads them.
 */
import * as ec2 from '@aws-sdk/client-ec2';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iam from '@aws-sdk/client-iam';
import * as sts from '@aws-sdk/client-sts';
import type { NormalizedSchema } from '@smithy/core/schema';
import type { Service } from '../sim/simulator.js';
import { QUERY_NAMESPACE } from '../wiring.js';
import type { QueryDialect } from './query-reader.js';

export interface ServedService {
  readonly service: Service;
  readonly dialect: QueryDialect;
  /** The namespace of the answer's root element. */
  readonly namespace: string;
  /** Indentation of the XML AWS answers with. */
  readonly indent: string;
  readonly schemas: Readonly<Record<string, unknown>>;
}

/** [9, namespace, name, traits, input schema, output schema], as the clients export their operations. */
export type OperationSchema = readonly [9, string, string, unknown, SchemaRef, SchemaRef];
type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** By the service name of the SigV4 credential scope, which every signed request carries. */
const SERVICES: Readonly<Record<string, ServedService>> = {
  ec2: { service: 'ec2', dialect: 'ec2', namespace: EC2_NAMESPACE, indent: '  ', schemas: ec2 },
  elasticloadbalancing: { service: 'elbv2', dialect: 'query', namespace: QUERY_NAMESPACE.elbv2, indent: '  ', schemas: elbv2 },
  sts: { service: 'sts', dialect: 'query', namespace: QUERY_NAMESPACE.sts, indent: '  ', schemas: sts },
  iam: { service: 'iam', dialect: 'query', namespace: QUERY_NAMESPACE.iam, indent: '  ', schemas: iam },
};

export const servedService = (signingName: string): ServedService | undefined =>
  Object.hasOwn(SERVICES, signingName) ? SERVICES[signingName] : undefined;

/** The operation schema of `action`, when the service's client has one. */
export function operationSchema(served: ServedService, action: string): OperationSchema | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(action)) return undefined;
  const schema = served.schemas[`${action}$`];
  // An operation schema is [9, namespace, name, traits, input, output].
  return Array.isArray(schema) && schema[0] === 9 && schema[2] === action ? (schema as unknown as OperationSchema) : undefined;
}
