/** Every EC2 action the simulator answers, by API action name. */
import type { ActionTable } from '../sim/action.js';
import { filterRuleActions } from './filter-rules.js';
import { filterActions } from './filters.js';
import { instanceTypeActions } from './instance-types.js';
import { networkActions } from './network.js';
import { regionActions } from './regions.js';
import { sessionActions } from './sessions.js';
import { tagActions } from './tags.js';
import { targetActions } from './targets.js';

export const ec2Actions: ActionTable = {
  ...networkActions,
  ...regionActions,
  ...instanceTypeActions,
  ...tagActions,
  ...targetActions,
  ...filterActions,
  ...filterRuleActions,
  ...sessionActions,
};
