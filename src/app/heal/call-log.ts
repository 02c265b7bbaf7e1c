/**
 * The executor's EC2 clients, with every call reported (operation, ids, AWS's request id, error code), so
 * each AWS action the healer takes has its log line with the request id AWS support asks for.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Ec2Clients } from '../../aws/apply/index.js';

export interface CallRecord {
  readonly region: string;
  readonly operation: string;
  readonly requestId?: string;
  readonly networkInterfaceId?: string;
  /** The id the call acted on (Modify, Delete) or created (Create). */
  readonly resourceId?: string;
  readonly errorCode?: string;
}

const ID_FIELDS = ['TrafficMirrorSessionId', 'TrafficMirrorTargetId', 'TrafficMirrorFilterRuleId', 'TrafficMirrorFilterId'] as const;
const CREATED = ['TrafficMirrorSession', 'TrafficMirrorTarget', 'TrafficMirrorFilterRule', 'TrafficMirrorFilter'] as const;

type Fields = Readonly<Record<string, unknown>>;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function idIn(input: Fields, output: Fields | undefined): string | undefined {
  for (const name of CREATED) {
    const created = output?.[name] as Fields | undefined;
    const id = created === undefined ? undefined : text(created[`${name}Id`]);
    if (id !== undefined) return id;
  }
  for (const name of ID_FIELDS) {
    const id = text(input[name]);
    if (id !== undefined) return id;
  }
  return undefined;
}

function record(region: string, command: { constructor: { name: string }; input?: unknown }, outcome: { output?: Fields; error?: unknown }): CallRecord {
  const input = (command.input ?? {}) as Fields;
  const metadata = ((outcome.output ?? (outcome.error as Fields | undefined))?.['$metadata'] ?? {}) as Fields;
  const requestId = text(metadata['requestId']);
  const networkInterfaceId = text(input['NetworkInterfaceId']);
  const resourceId = idIn(input, outcome.output);
  const errorCode = outcome.error instanceof Error ? outcome.error.name : undefined;
  return {
    region,
    operation: command.constructor.name.replace(/Command$/, ''),
    ...(requestId === undefined ? {} : { requestId }),
    ...(networkInterfaceId === undefined ? {} : { networkInterfaceId }),
    ...(resourceId === undefined ? {} : { resourceId }),
    ...(errorCode === undefined ? {} : { errorCode }),
  };
}

export function withCallLog(clients: Ec2Clients, onCall: (call: CallRecord) => void): Ec2Clients {
  const wrapped = new Map<string, EC2Client>();
  return {
    ec2(region) {
      let client = wrapped.get(region);
      if (client === undefined) {
        const inner = clients.ec2(region);
        client = Object.create(inner) as EC2Client;
        const send = async (command: never, options?: object): Promise<unknown> => {
          try {
            const output = (await inner.send(command, options as never)) as unknown as Fields;
            onCall(record(region, command, { output }));
            return output;
          } catch (error) {
            onCall(record(region, command, { error }));
            throw error;
          }
        };
        Object.defineProperty(client, 'send', { value: send });
        wrapped.set(region, client);
      }
      return client;
    },
  };
}
