/**
 * Traffic mirror filters. A filter's description is fixed at creation; its network services change through
 * ModifyTrafficMirrorFilterNetworkServices, both right after a create and on update. Deleting a filter deletes
 * its rules with it.
 */
import {
  CreateTrafficMirrorFilterCommand,
  DeleteTrafficMirrorFilterCommand,
  DescribeTrafficMirrorFiltersCommand,
  ModifyTrafficMirrorFilterNetworkServicesCommand,
  type TrafficMirrorNetworkService,
} from '@aws-sdk/client-ec2';
import type { DesiredFilter } from '../../../core/types/plan.js';
import type { ActionContext } from '../action-context.js';
import type { ResourceHandler } from '../handler.js';
import { createConfirmed, type Describe } from '../replay.js';
import { singleAttempt } from '../single-attempt.js';
import { tagSpecifications } from '../tags.js';

export const filterHandler: ResourceHandler<DesiredFilter> = {
  modifiable: ['networkServices'],
  immutable: ['description'],

  async create(ctx, desired, clientToken) {
    const id = await createConfirmed(ctx, clientToken, {
      operation: 'CreateTrafficMirrorFilter',
      noun: 'filter',
      references: [],
      describe: describeFilter,
      send: (ec2, token) =>
        ec2.send(
          singleAttempt(
            new CreateTrafficMirrorFilterCommand({
              Description: desired.description,
              TagSpecifications: tagSpecifications('traffic-mirror-filter', desired.tags),
              ClientToken: token,
            }),
          ),
        ),
      idOf: (output) => output.TrafficMirrorFilter?.TrafficMirrorFilterId,
    });
    await modifyNetworkServices(ctx, id, desired.networkServices, []);
    return id;
  },

  async update(ctx, id, before, after, changed) {
    if (!changed.has('networkServices')) return;
    const current = before?.networkServices ?? [];
    await modifyNetworkServices(
      ctx,
      id,
      after.networkServices.filter((service) => !current.includes(service)),
      current.filter((service) => !after.networkServices.includes(service)),
    );
  },

  async remove(ctx, id) {
    await ctx.remove({
      operation: 'DeleteTrafficMirrorFilter',
      references: [id],
      send: (ec2) => ec2.send(singleAttempt(new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: id }))),
    });
  },
};

async function modifyNetworkServices(
  ctx: ActionContext,
  id: string,
  add: readonly string[],
  remove: readonly string[],
): Promise<void> {
  if (add.length === 0 && remove.length === 0) return;
  await ctx.call({
    operation: 'ModifyTrafficMirrorFilterNetworkServices',
    references: [id],
    send: (ec2) =>
      ec2.send(
        singleAttempt(
          new ModifyTrafficMirrorFilterNetworkServicesCommand({
            TrafficMirrorFilterId: id,
            ...(add.length === 0 ? {} : { AddNetworkServices: add as TrafficMirrorNetworkService[] }),
            ...(remove.length === 0 ? {} : { RemoveNetworkServices: remove as TrafficMirrorNetworkService[] }),
          }),
        ),
      ),
  });
}

const describeFilter: Describe = {
  operation: 'DescribeTrafficMirrorFilters',
  lists: async (ec2, id) => {
    const output = await ec2.send(singleAttempt(new DescribeTrafficMirrorFiltersCommand({ TrafficMirrorFilterIds: [id] })));
    return (output.TrafficMirrorFilters ?? []).some((filter) => filter.TrafficMirrorFilterId === id);
  },
};
