/** Every ELBv2 action the simulator answers, by API action name. */
import type { ActionTable } from '../sim/action.js';
import { listenerActions } from './listeners.js';
import { loadBalancerActions } from './load-balancers.js';
import { elbTagActions } from './tags.js';
import { targetGroupActions } from './target-groups.js';

export const elbv2Actions: ActionTable = {
  ...loadBalancerActions,
  ...targetGroupActions,
  ...listenerActions,
  ...elbTagActions,
};
