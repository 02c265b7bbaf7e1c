/**
 * DescribeInstanceTypes. Any type name of the usual family.size shape exists; without InstanceTypes the
 * listing covers the types the region's instances use (AWS would list its whole catalogue).
 */
import type {
  _InstanceType,
  DescribeInstanceTypesRequest,
  DescribeInstanceTypesResult,
  InstanceTypeInfo,
} from '@aws-sdk/client-ec2';
import { defineAction, INSTANCE_TYPE_BOUNDS, type ActionTable } from '../sim/action.js';
import { compileFilters, type FilterFields } from '../sim/describe-filters.js';
import { SimulatedError } from '../sim/errors.js';
import { instanceTypeFacts, type InstanceTypeFacts } from '../sim/instance-types.js';
import { paginate, pageLimit } from '../sim/paging.js';

const fields: FilterFields<InstanceTypeFacts> = {
  'instance-type': (facts) => facts.type,
  'bare-metal': (facts) => facts.bareMetal,
  hypervisor: (facts) => facts.hypervisor,
  'current-generation': () => true,
};

const render = (facts: InstanceTypeFacts): InstanceTypeInfo => ({
  InstanceType: facts.type as _InstanceType,
  CurrentGeneration: true,
  BareMetal: facts.bareMetal,
  ...(facts.hypervisor === undefined ? {} : { Hypervisor: facts.hypervisor }),
  SupportedVirtualizationTypes: ['hvm'],
});

export const instanceTypeActions: ActionTable = {
  DescribeInstanceTypes: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeInstanceTypesRequest): DescribeInstanceTypesResult => {
      const request = context.pageRequest(input.MaxResults, input.NextToken);
      const limit = pageLimit(request, INSTANCE_TYPE_BOUNDS);
      const requested: string[] = input.InstanceTypes ?? [];
      const names = requested.length > 0 ? requested : [...context.region.instances.values()].map((i) => i.type);
      const catalogue = new Map<string, InstanceTypeFacts>();
      const unknown: string[] = [];
      for (const name of names) {
        const facts = instanceTypeFacts(name);
        if (facts) catalogue.set(name, facts);
        else unknown.push(name);
      }
      if (unknown.length > 0) {
        throw new SimulatedError(
          'InvalidInstanceType',
          `The following supplied instance types do not exist: [${unknown.join(', ')}]`,
        );
      }
      const match = compileFilters(input.Filters, fields);
      const page = paginate(request, limit, [...catalogue.keys()].sort(), (name) => catalogue.get(name), match);
      return { InstanceTypes: page.items.map(render), NextToken: page.nextToken };
    },
  }),
};
