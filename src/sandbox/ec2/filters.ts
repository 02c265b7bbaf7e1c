/** Create/Delete/DescribeTrafficMirrorFilters and ModifyTrafficMirrorFilterNetworkServices. */
import type {
  CreateTrafficMirrorFilterRequest,
  CreateTrafficMirrorFilterResult,
  DeleteTrafficMirrorFilterRequest,
  DeleteTrafficMirrorFilterResult,
  DescribeTrafficMirrorFiltersRequest,
  DescribeTrafficMirrorFiltersResult,
  ModifyTrafficMirrorFilterNetworkServicesRequest,
  ModifyTrafficMirrorFilterNetworkServicesResult,
} from '@aws-sdk/client-ec2';
import { defineAction, TRAFFIC_MIRRORING_BOUNDS, type ActionTable } from '../sim/action.js';
import { describe } from '../sim/describe.js';
import type { FilterFields } from '../sim/describe-filters.js';
import { invalidParameter, SimulatedError } from '../sim/errors.js';
import { requireString } from '../sim/input.js';
import type { FilterRecord } from '../sim/records.js';
import { tagsFromSpecifications } from '../sim/tags.js';
import { renderFilter } from './render.js';
import { ACCOUNT_RESOURCE_QUOTA } from './targets.js';

const NETWORK_SERVICES = ['amazon-dns'];

const fields: FilterFields<FilterRecord> = {
  'traffic-mirror-filter-id': (filter) => filter.id,
  description: (filter) => filter.description,
};

function checkNetworkServices(services: readonly string[] | undefined): readonly string[] {
  for (const service of services ?? []) {
    if (!NETWORK_SERVICES.includes(service)) {
      throw invalidParameter(`The network service '${service}' is not valid. Valid values: ${NETWORK_SERVICES.join(', ')}.`);
    }
  }
  return services ?? [];
}

export const filterActions: ActionTable = {
  CreateTrafficMirrorFilter: defineAction({
    throttle: 'mutating',
    mutating: true,
    idempotent: true,
    handler: (context, input: CreateTrafficMirrorFilterRequest): CreateTrafficMirrorFilterResult => {
      const tags = tagsFromSpecifications(input.TagSpecifications, 'traffic-mirror-filter');
      if (context.region.filters.size >= ACCOUNT_RESOURCE_QUOTA) {
        throw new SimulatedError(
          'TrafficMirrorFilterLimitExceeded',
          `The maximum number of traffic mirror filters (${ACCOUNT_RESOURCE_QUOTA}) has been reached`,
        );
      }
      const filter: FilterRecord = {
        id: context.newId('tmf'),
        description: input.Description,
        networkServices: [],
        tags,
        ruleIds: [],
      };
      context.region.filters.add(filter);
      context.created(filter.id);
      return { TrafficMirrorFilter: renderFilter(filter, context.region), ClientToken: input.ClientToken };
    },
  }),

  DeleteTrafficMirrorFilter: defineAction({
    throttle: 'mutating',
    mutating: true,
    handler: (context, input: DeleteTrafficMirrorFilterRequest): DeleteTrafficMirrorFilterResult => {
      const id = requireString(input.TrafficMirrorFilterId, 'TrafficMirrorFilterId');
      const filter = context.find(context.region.filters, id);
      if (context.region.filterInUse(id)) {
        throw new SimulatedError(
          'TrafficMirrorFilterInUse',
          `Traffic mirror filter ${id} cannot be deleted because it is in use by one or more traffic mirror sessions`,
        );
      }
      for (const ruleId of filter.ruleIds) context.region.rules.delete(ruleId);
      context.region.filters.delete(id);
      return { TrafficMirrorFilterId: id };
    },
  }),

  ModifyTrafficMirrorFilterNetworkServices: defineAction({
    throttle: 'mutating',
    mutating: true,
    handler: (
      context,
      input: ModifyTrafficMirrorFilterNetworkServicesRequest,
    ): ModifyTrafficMirrorFilterNetworkServicesResult => {
      const id = requireString(input.TrafficMirrorFilterId, 'TrafficMirrorFilterId');
      const filter = context.find(context.region.filters, id);
      const add = checkNetworkServices(input.AddNetworkServices);
      const remove = checkNetworkServices(input.RemoveNetworkServices);
      const services = new Set(filter.networkServices);
      for (const service of add) services.add(service);
      for (const service of remove) services.delete(service);
      filter.networkServices = [...services].sort();
      return { TrafficMirrorFilter: renderFilter(filter, context.region) };
    },
  }),

  DescribeTrafficMirrorFilters: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeTrafficMirrorFiltersRequest): DescribeTrafficMirrorFiltersResult => {
      const page = describe(context, {
        input,
        collection: context.region.filters,
        ids: input.TrafficMirrorFilterIds,
        fields,
        tagsOf: (filter) => filter.tags,
        bounds: TRAFFIC_MIRRORING_BOUNDS,
      });
      return {
        TrafficMirrorFilters: page.items.map((filter) => renderFilter(filter, context.region)),
        NextToken: page.nextToken,
      };
    },
  }),
};
