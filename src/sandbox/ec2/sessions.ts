/** Create/Delete/Modify/DescribeTrafficMirrorSessions with the source, target and quota rules of AWS. */
import type {
  CreateTrafficMirrorSessionRequest,
  CreateTrafficMirrorSessionResult,
  DeleteTrafficMirrorSessionRequest,
  DeleteTrafficMirrorSessionResult,
  DescribeTrafficMirrorSessionsRequest,
  DescribeTrafficMirrorSessionsResult,
  ModifyTrafficMirrorSessionRequest,
  ModifyTrafficMirrorSessionResult,
} from '@aws-sdk/client-ec2';
import { defineAction, TRAFFIC_MIRRORING_BOUNDS, type ActionContext, type ActionTable } from '../sim/action.js';
import { describe } from '../sim/describe.js';
import type { FilterFields } from '../sim/describe-filters.js';
import { invalidParameter, SimulatedError } from '../sim/errors.js';
import { defaultVirtualNetworkId } from '../sim/ids.js';
import { checkRange, oneOf, requireInteger, requireString } from '../sim/input.js';
import { isSupportedMirrorSource, sourcesPerInterfaceTarget } from '../sim/instance-types.js';
import type { EniRecord, SessionRecord, TargetRecord } from '../sim/records.js';
import { tagsFromSpecifications } from '../sim/tags.js';
import { effectivePacketLength, renderSession } from './render.js';
import { ACCOUNT_RESOURCE_QUOTA } from './targets.js';

const SESSIONS_PER_INTERFACE = 3;
const REMOVABLE_FIELDS = ['packet-length', 'description', 'virtual-network-id'] as const;

function fields(context: ActionContext): FilterFields<SessionRecord> {
  return {
    'traffic-mirror-session-id': (session) => session.id,
    'traffic-mirror-target-id': (session) => session.targetId,
    'traffic-mirror-filter-id': (session) => session.filterId,
    'network-interface-id': (session) => session.networkInterfaceId,
    'session-number': (session) => session.sessionNumber,
    'virtual-network-id': (session) => session.virtualNetworkId,
    'packet-length': (session) => effectivePacketLength(session, context.region),
    description: (session) => session.description,
    'owner-id': (session) => session.ownerId,
  };
}

/** The owner of a shared target sees other accounts' sessions on it, but only their owner may change them. */
function requireOwnSession(context: ActionContext, session: SessionRecord): void {
  if (session.ownerId !== context.accountId) {
    throw new SimulatedError(
      'OperationNotPermitted',
      `Traffic mirror session ${session.id} is owned by account ${session.ownerId}; only its owner can modify or delete it`,
    );
  }
}

function checkNumbers(input: { SessionNumber?: number | undefined; PacketLength?: number | undefined; VirtualNetworkId?: number | undefined }): void {
  checkRange(input.SessionNumber, 'SessionNumber', 1, 32766);
  checkRange(input.PacketLength, 'PacketLength', 1, 8500);
  checkRange(input.VirtualNetworkId, 'VirtualNetworkId', 0, 16_777_215);
}

function checkSource(context: ActionContext, eni: EniRecord): void {
  if (eni.type !== 'interface') {
    throw new SimulatedError(
      'NetworkInterfaceNotSupported',
      `${eni.id} of type ${eni.type} is not supported as a traffic mirror source`,
    );
  }
  const instance = context.region.instanceOf(eni);
  if (instance && !isSupportedMirrorSource(instance.type)) {
    throw new SimulatedError('NetworkInterfaceNotSupported', `${eni.id} must be attached to a supported instance`);
  }
  if (context.region.isMirrorTarget(eni.id)) {
    throw new SimulatedError(
      'InterfaceInUseByTrafficMirrorTarget',
      `${eni.id} is used by a traffic mirror target and cannot be a traffic mirror source`,
    );
  }
}

function checkSessionNumberFree(context: ActionContext, eniId: string, sessionNumber: number, self?: string): void {
  const clash = context.region
    .sessionsOnInterface(eniId)
    .find((session) => session.id !== self && session.sessionNumber === sessionNumber);
  if (clash) {
    throw invalidParameter(`Session number ${sessionNumber} is already used by ${clash.id} on network interface ${eniId}`);
  }
  if (context.region.sessionNumberHeld(eniId, sessionNumber, context.now)) {
    throw invalidParameter(`Session number ${sessionNumber} is already in use on network interface ${eniId}`);
  }
}

/** An interface target accepts 10 or 100 distinct sources, depending on its instance type. */
function checkTargetCapacity(context: ActionContext, target: TargetRecord, sourceEniId: string): void {
  if (target.networkInterfaceId === undefined) return;
  const sources = new Set(context.region.sessionsUsingTarget(target.id).map((session) => session.networkInterfaceId));
  if (sources.has(sourceEniId)) return;
  const targetEni = context.region.networkInterfaces.get(target.networkInterfaceId);
  const limit = sourcesPerInterfaceTarget(targetEni && context.region.instanceOf(targetEni)?.type);
  if (sources.size >= limit) {
    throw new SimulatedError(
      'TrafficMirrorSourcesPerTargetLimitExceeded',
      `Sources per interface-target limit reached (${sources.size + 1})`,
    );
  }
}

export const sessionActions: ActionTable = {
  CreateTrafficMirrorSession: defineAction({
    throttle: 'mutating',
    mutating: true,
    idempotent: true,
    handler: (context, input: CreateTrafficMirrorSessionRequest): CreateTrafficMirrorSessionResult => {
      const { region } = context;
      const eniId = requireString(input.NetworkInterfaceId, 'NetworkInterfaceId');
      const targetId = requireString(input.TrafficMirrorTargetId, 'TrafficMirrorTargetId');
      const filterId = requireString(input.TrafficMirrorFilterId, 'TrafficMirrorFilterId');
      const sessionNumber = requireInteger(input.SessionNumber, 'SessionNumber');
      checkNumbers(input);
      const eni = context.find(region.networkInterfaces, eniId);
      const target = context.reference(region.targets, targetId);
      context.reference(region.filters, filterId);
      const tags = tagsFromSpecifications(input.TagSpecifications, 'traffic-mirror-session');
      checkSource(context, eni);
      if (region.sessionsOnInterface(eniId).length >= SESSIONS_PER_INTERFACE) {
        throw new SimulatedError(
          'TrafficMirrorSessionsPerInterfaceLimitExceeded',
          `The maximum number of traffic mirror sessions (${SESSIONS_PER_INTERFACE}) for network interface ${eniId} has been reached`,
        );
      }
      checkSessionNumberFree(context, eniId, sessionNumber);
      checkTargetCapacity(context, target, eniId);
      if (region.sessions.size - region.linkedCount('session') >= ACCOUNT_RESOURCE_QUOTA) {
        throw new SimulatedError(
          'TrafficMirrorSessionLimitExceeded',
          `The maximum number of traffic mirror sessions (${ACCOUNT_RESOURCE_QUOTA}) has been reached`,
        );
      }
      const id = context.newId('tms');
      const session: SessionRecord = {
        id,
        networkInterfaceId: eniId,
        targetId,
        filterId,
        sessionNumber,
        packetLength: input.PacketLength,
        virtualNetworkId: input.VirtualNetworkId ?? defaultVirtualNetworkId(id),
        description: input.Description,
        ownerId: context.accountId,
        tags,
      };
      region.addSession(session);
      context.created(id);
      return { TrafficMirrorSession: renderSession(session, region), ClientToken: input.ClientToken };
    },
  }),

  ModifyTrafficMirrorSession: defineAction({
    throttle: 'mutating',
    mutating: true,
    handler: (context, input: ModifyTrafficMirrorSessionRequest): ModifyTrafficMirrorSessionResult => {
      const { region } = context;
      const session = context.find(region.sessions, requireString(input.TrafficMirrorSessionId, 'TrafficMirrorSessionId'));
      requireOwnSession(context, session);
      const remove = new Set<string>(input.RemoveFields ?? []);
      for (const field of remove) oneOf(field, 'RemoveFields', REMOVABLE_FIELDS);
      checkNumbers(input);
      const target =
        input.TrafficMirrorTargetId === undefined ? undefined : context.reference(region.targets, input.TrafficMirrorTargetId);
      const filter =
        input.TrafficMirrorFilterId === undefined ? undefined : context.reference(region.filters, input.TrafficMirrorFilterId);
      if (input.SessionNumber !== undefined) {
        checkSessionNumberFree(context, session.networkInterfaceId, input.SessionNumber, session.id);
      }
      if (target && target.id !== session.targetId) checkTargetCapacity(context, target, session.networkInterfaceId);

      region.retargetSession(session, target?.id ?? session.targetId, filter?.id ?? session.filterId);
      session.sessionNumber = input.SessionNumber ?? session.sessionNumber;
      session.packetLength = remove.has('packet-length') ? undefined : (input.PacketLength ?? session.packetLength);
      session.description = remove.has('description') ? undefined : (input.Description ?? session.description);
      if (remove.has('virtual-network-id')) {
        // AWS picks a new random VNI; ours is derived from the session id and the change count.
        region.idSequence += 1;
        session.virtualNetworkId = defaultVirtualNetworkId(`${session.id}/${region.idSequence}`);
      } else if (input.VirtualNetworkId !== undefined) {
        session.virtualNetworkId = input.VirtualNetworkId;
      }
      return { TrafficMirrorSession: renderSession(session, region) };
    },
  }),

  DeleteTrafficMirrorSession: defineAction({
    throttle: 'mutating',
    mutating: true,
    handler: (context, input: DeleteTrafficMirrorSessionRequest): DeleteTrafficMirrorSessionResult => {
      const id = requireString(input.TrafficMirrorSessionId, 'TrafficMirrorSessionId');
      const session = context.find(context.region.sessions, id);
      requireOwnSession(context, session);
      context.region.removeSession(id);
      if (context.deletePropagationMs > 0) {
        context.region.holdSessionNumber(session.networkInterfaceId, session.sessionNumber, context.now + context.deletePropagationMs);
      }
      return { TrafficMirrorSessionId: id };
    },
  }),

  DescribeTrafficMirrorSessions: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeTrafficMirrorSessionsRequest): DescribeTrafficMirrorSessionsResult => {
      const page = describe(context, {
        input,
        collection: context.region.sessions,
        ids: input.TrafficMirrorSessionIds,
        fields: fields(context),
        tagsOf: (session) => session.tags,
        bounds: TRAFFIC_MIRRORING_BOUNDS,
      });
      return {
        TrafficMirrorSessions: page.items.map((session) => renderSession(session, context.region)),
        NextToken: page.nextToken,
      };
    },
  }),
};
