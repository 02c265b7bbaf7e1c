/** Create/Describe/DeleteListener. */
import type {
  Action,
  CreateListenerInput,
  CreateListenerOutput,
  DeleteListenerInput,
  DeleteListenerOutput,
  DescribeListenersInput,
  DescribeListenersOutput,
  Listener,
  ModifyListenerInput,
  ModifyListenerOutput,
  ProtocolEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineAction, type ActionTable } from '../sim/action.js';
import { SimulatedError } from '../sim/errors.js';
import type { ListenerRecord } from '../sim/records.js';
import {
  arnSuffix,
  checkPort,
  elbPage,
  elbTags,
  findLoadBalancer,
  findTargetGroup,
  listenerNotFound,
  loadBalancerNotFound,
  validationError,
} from './common.js';

const NETWORK_PROTOCOLS = ['TCP', 'UDP', 'TCP_UDP', 'TLS'];

const renderListener = (listener: ListenerRecord): Listener => ({
  ListenerArn: listener.id,
  LoadBalancerArn: listener.loadBalancerArn,
  Port: listener.port,
  Protocol: listener.protocol as ProtocolEnum,
  DefaultActions: [
    {
      Type: 'forward',
      TargetGroupArn: listener.targetGroupArn,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: listener.targetGroupArn, Weight: 1 }] },
    },
  ],
});

function forwardTarget(actions: readonly Action[] | undefined): string {
  const action = actions?.[0];
  if (!action || actions.length !== 1 || action.Type !== 'forward') {
    throw validationError('The simulator supports exactly one default action of type forward');
  }
  const arn = action.TargetGroupArn ?? action.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
  if (arn === undefined) throw validationError('A forward action must specify a target group');
  return arn;
}

export const listenerActions: ActionTable = {
  CreateListener: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: CreateListenerInput): CreateListenerOutput => {
      const { region } = context;
      const lb = findLoadBalancer(context, input.LoadBalancerArn);
      const protocol = input.Protocol ?? (lb.type === 'network' ? 'TCP' : 'HTTP');
      if (lb.type === 'network' && !NETWORK_PROTOCOLS.includes(protocol)) {
        throw new SimulatedError('UnsupportedProtocol', `Protocol '${protocol}' is not supported by Network Load Balancers`);
      }
      const port = checkPort(input.Port, 'Port');
      const group = findTargetGroup(context, forwardTarget(input.DefaultActions));
      if (group.protocol !== protocol) {
        throw new SimulatedError(
          'IncompatibleProtocols',
          `The listener protocol '${protocol}' is not compatible with the target group protocol '${group.protocol}'`,
        );
      }
      if (group.vpcId !== lb.vpcId) throw validationError('The target group and the load balancer must be in the same VPC');
      const otherLb = [...region.listeners.values()].find(
        (listener) => listener.targetGroupArn === group.id && listener.loadBalancerArn !== lb.id,
      );
      if (otherLb) {
        throw new SimulatedError(
          'TargetGroupAssociationLimit',
          `The following target groups cannot be associated with more than one load balancer: '${group.id}'`,
        );
      }
      const existing = [...region.listeners.values()].find(
        (listener) => listener.loadBalancerArn === lb.id && listener.port === port,
      );
      if (existing) {
        if (existing.protocol === protocol && existing.targetGroupArn === group.id) {
          return { Listeners: [renderListener(existing)] };
        }
        throw new SimulatedError('DuplicateListener', 'A listener already exists on this port for this load balancer');
      }
      const lbPath = lb.id.slice(lb.id.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
      const listener: ListenerRecord = {
        id: `${lb.id.slice(0, lb.id.indexOf(':loadbalancer/'))}:listener/${lbPath}/${arnSuffix(context, `${lb.name}:${port}`)}`,
        loadBalancerArn: lb.id,
        protocol,
        port,
        targetGroupArn: group.id,
        tags: elbTags({}, input.Tags),
      };
      region.listeners.add(listener);
      return { Listeners: [renderListener(listener)] };
    },
  }),

  DescribeListeners: defineAction({
    throttle: 'none',
    mutating: false,
    handler: (context, input: DescribeListenersInput): DescribeListenersOutput => {
      const lbArn = input.LoadBalancerArn;
      if (lbArn === undefined && (input.ListenerArns ?? []).length === 0) {
        throw validationError('You must specify either listener ARNs or a load balancer ARN');
      }
      if (lbArn !== undefined && !context.region.loadBalancers.has(lbArn)) throw loadBalancerNotFound();
      const page = elbPage(
        context,
        input,
        context.region.listeners,
        input.ListenerArns,
        (listener) => lbArn === undefined || listener.loadBalancerArn === lbArn,
        listenerNotFound,
      );
      return { Listeners: page.items.map(renderListener), NextMarker: page.nextToken };
    },
  }),

  /** mirrorctl changes only the default action: forwarding to another target group of the same protocol. */
  ModifyListener: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: ModifyListenerInput): ModifyListenerOutput => {
      const listener = context.region.listeners.get(input.ListenerArn ?? '');
      if (!listener) throw listenerNotFound();
      if (input.Port !== undefined || input.Protocol !== undefined) {
        throw validationError('The simulator modifies only the default action of a listener');
      }
      if (input.DefaultActions === undefined) return { Listeners: [renderListener(listener)] };
      const group = findTargetGroup(context, forwardTarget(input.DefaultActions));
      const lb = findLoadBalancer(context, listener.loadBalancerArn);
      if (group.protocol !== listener.protocol) {
        throw new SimulatedError(
          'IncompatibleProtocols',
          `The listener protocol '${listener.protocol}' is not compatible with the target group protocol '${group.protocol}'`,
        );
      }
      if (group.vpcId !== lb.vpcId) throw validationError('The target group and the load balancer must be in the same VPC');
      const otherLb = [...context.region.listeners.values()].some(
        (other) => other.targetGroupArn === group.id && other.loadBalancerArn !== lb.id,
      );
      if (otherLb) {
        throw new SimulatedError(
          'TargetGroupAssociationLimit',
          `The following target groups cannot be associated with more than one load balancer: '${group.id}'`,
        );
      }
      listener.targetGroupArn = group.id;
      return { Listeners: [renderListener(listener)] };
    },
  }),

  DeleteListener: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: DeleteListenerInput): DeleteListenerOutput => {
      const arn = input.ListenerArn ?? '';
      if (!context.region.listeners.delete(arn)) throw listenerNotFound();
      return {};
    },
  }),
};
