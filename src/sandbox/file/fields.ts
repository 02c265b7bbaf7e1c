/** Field copies shared by the converters into and out of the sandbox file format (load, dump, observed). */
import type { SandboxRule, SandboxSession, TagMap } from './types.js';

/** The file format leaves out empty tag maps so hand-written files stay readable. */
export const tagsOrNothing = (tags: TagMap): TagMap | undefined =>
  Object.keys(tags).length > 0 ? { ...tags } : undefined;

type RuleFields = Omit<SandboxRule, 'tags'>;

/** A rule's own fields (not its tags), with the port ranges copied so no two places share one object. */
export const ruleFields = (rule: Readonly<RuleFields>) => ({
  id: rule.id,
  direction: rule.direction,
  number: rule.number,
  action: rule.action,
  protocol: rule.protocol,
  source: rule.source,
  destination: rule.destination,
  sourcePorts: rule.sourcePorts && { ...rule.sourcePorts },
  destinationPorts: rule.destinationPorts && { ...rule.destinationPorts },
  description: rule.description,
});

type SessionFields = Omit<SandboxSession, 'tags' | 'ownerId'>;

/** A session's own fields; tags and owner are left to the caller, whose defaults differ. */
export const sessionFields = (session: Readonly<SessionFields>) => ({
  id: session.id,
  networkInterfaceId: session.networkInterfaceId,
  targetId: session.targetId,
  filterId: session.filterId,
  sessionNumber: session.sessionNumber,
  packetLength: session.packetLength,
  virtualNetworkId: session.virtualNetworkId,
  description: session.description,
});
