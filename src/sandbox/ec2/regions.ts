/** DescribeRegions: the account's enabled regions are the regions of the sandbox file (and any called since). */
import type { DescribeRegionsRequest, DescribeRegionsResult } from '@aws-sdk/client-ec2';
import { defineAction, type ActionTable } from '../sim/action.js';

export const regionActions: ActionTable = {
  DescribeRegions: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeRegionsRequest): DescribeRegionsResult => {
      const names = context.regionNames().filter((name) => input.RegionNames === undefined || input.RegionNames.includes(name));
      return {
        Regions: names.map((name) => ({
          RegionName: name,
          Endpoint: `ec2.${name}.amazonaws.com`,
          OptInStatus: 'opt-in-not-required',
        })),
      };
    },
  }),
};
