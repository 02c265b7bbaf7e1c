/**
 * What an EC2 API call recorded by CloudTrail names, per action. CloudTrail keeps EC2's own casing: the older
 * actions use camelCase members (`networkInterfaceId`, `resourcesSet.items`), the traffic-mirroring ones wrap
 * their parameters in `<Action>Request` with the API's PascalCase members.
 */
import { z } from 'zod';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

const attachSchema = z.object({ networkInterfaceId: z.string().min(1), instanceId: z.string().min(1).optional() });

const tagsSchema = z.object({
  resourcesSet: items(z.object({ resourceId: z.string().min(1) })),
  // DeleteTags without tags deletes every tag of the resources.
  tagSet: items(z.object({ key: z.string() })).optional(),
});

const createSessionSchema = z.object({
  CreateTrafficMirrorSessionRequest: z.object({ NetworkInterfaceId: z.string().min(1) }),
});

const modifySessionSchema = z.object({
  ModifyTrafficMirrorSessionRequest: z.object({ TrafficMirrorSessionId: z.string().min(1) }),
});

export interface TagChange {
  readonly resourceIds: readonly string[];
  /** Undefined: every tag (DeleteTags without a tag list). */
  readonly keys: readonly string[] | undefined;
}

export function attachedInterface(parameters: unknown): { interfaceId: string; instanceId?: string } | undefined {
  const parsed = attachSchema.safeParse(parameters);
  if (!parsed.success) return undefined;
  const { networkInterfaceId, instanceId } = parsed.data;
  return { interfaceId: networkInterfaceId, ...(instanceId === undefined ? {} : { instanceId }) };
}

export function tagChange(parameters: unknown): TagChange | undefined {
  const parsed = tagsSchema.safeParse(parameters);
  if (!parsed.success) return undefined;
  return {
    resourceIds: parsed.data.resourcesSet.items.map((item) => item.resourceId),
    keys: parsed.data.tagSet?.items.map((item) => item.key),
  };
}

export function createdSessionInterface(parameters: unknown): string | undefined {
  const parsed = createSessionSchema.safeParse(parameters);
  return parsed.success ? parsed.data.CreateTrafficMirrorSessionRequest.NetworkInterfaceId : undefined;
}

export function modifiedSession(parameters: unknown): string | undefined {
  const parsed = modifySessionSchema.safeParse(parameters);
  return parsed.success ? parsed.data.ModifyTrafficMirrorSessionRequest.TrafficMirrorSessionId : undefined;
}
