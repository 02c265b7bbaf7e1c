import { describe, expect, it } from 'vitest';
import { modifyRequest } from '../../src/aws/apply/resources/filter-rule.js';
import type { DesiredRule } from '../../src/core/types/plan.js';

const rule: DesiredRule = {
  kind: 'filter-rule',
  filter: { key: 'filter/main', id: 'tmf-1' },
  direction: 'ingress',
  number: 10,
  action: 'accept',
  protocol: 6,
  source: '0.0.0.0/0',
  destination: '10.0.0.0/8',
  destinationPorts: { from: 443, to: 443 },
  tags: {},
};

describe('ModifyTrafficMirrorFilterRule requests', () => {
  it('sends only the changed attributes', () => {
    expect(modifyRequest('tmfr-1', { ...rule, action: 'reject', number: 20 }, new Set(['action', 'number']))).toEqual({
      TrafficMirrorFilterRuleId: 'tmfr-1',
      RuleAction: 'reject',
      RuleNumber: 20,
    });
  });

  it('sends the protocol together with a new port range', () => {
    const after = { ...rule, sourcePorts: { from: 1024, to: 65535 } };
    expect(modifyRequest('tmfr-1', after, new Set(['sourcePorts']))).toEqual({
      TrafficMirrorFilterRuleId: 'tmfr-1',
      SourcePortRange: { FromPort: 1024, ToPort: 65535 },
      Protocol: 6,
    });
  });

  it('removes attributes that became unset', () => {
    const { protocol: _protocol, destinationPorts: _ports, ...allTraffic } = rule;
    expect(
      modifyRequest(
        'tmfr-1',
        { ...allTraffic, description: '' },
        new Set(['protocol', 'destinationPorts', 'description']),
      ),
    ).toEqual({
      TrafficMirrorFilterRuleId: 'tmfr-1',
      RemoveFields: ['destination-port-range', 'protocol', 'description'],
    });
  });

  it('has nothing to send when only tags changed', () => {
    expect(modifyRequest('tmfr-1', rule, new Set(['tags']))).toBeUndefined();
  });
});
