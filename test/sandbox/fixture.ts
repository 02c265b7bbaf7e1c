/** A small hand-built account covering the cases the simulator must tell apart. */
import type { SandboxFile, SandboxInstance } from '../../src/sandbox/index.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '111122223333';

export const hexId = (prefix: string, n: number): string => `${prefix}-${n.toString(16).padStart(17, '0')}`;

export const VPC = hexId('vpc', 1);
export const SUBNET_A = hexId('subnet', 1);
export const SUBNET_B = hexId('subnet', 2);
export const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/sensors/0123456789abcdef`;
export const GROUP_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/sensors-vxlan/0123456789abcdef`;

export const webInterface = (n: number): string => hexId('eni', 0x100000 + n);
export const ENI = {
  multiPrimary: hexId('eni', 0x201),
  multiSecondary: hexId('eni', 0x202),
  multiEfa: hexId('eni', 0x203),
  t2: hexId('eni', 0x301),
  graviton8: hexId('eni', 0x302),
  unsupportedMetal: hexId('eni', 0x303),
  supportedMetal: hexId('eni', 0x304),
  sensor: hexId('eni', 0x401),
  bigSensor: hexId('eni', 0x402),
  detached: hexId('eni', 0x501),
  nlb: hexId('eni', 0x502),
} as const;
export const INSTANCE = {
  multi: hexId('i', 0x200),
  t2: hexId('i', 0x301),
  sensor: hexId('i', 0x401),
} as const;
export const TARGET = { sensorEni: hexId('tmt', 1), bigSensorEni: hexId('tmt', 2), nlb: hexId('tmt', 3) } as const;
export const FILTER = hexId('tmf', 1);
export const RULE = hexId('tmfr', 1);

const single = (id: string, type: string, eni: string, tags: Record<string, string> = {}): SandboxInstance => ({
  id,
  type,
  state: 'running',
  subnetId: SUBNET_A,
  tags,
  interfaces: [{ id: eni, deviceIndex: 0 }],
});

/** `webInstances` m5.large instances with one interface each (`webInterface(n)`, n from 1). */
export function smallAccount(webInstances = 3): SandboxFile {
  const web = Array.from({ length: webInstances }, (_, index) =>
    single(hexId('i', 0x100000 + index + 1), 'm5.large', webInterface(index + 1), { tier: 'web', Name: `web-${index + 1}` }),
  );
  return {
    version: 1,
    accountId: ACCOUNT,
    regions: {
      [REGION]: {
        vpcs: [{ id: VPC, cidr: '10.0.0.0/16', tags: { Name: 'prod' } }],
        subnets: [
          { id: SUBNET_A, vpcId: VPC, az: `${REGION}a`, cidr: '10.0.0.0/24' },
          { id: SUBNET_B, vpcId: VPC, az: `${REGION}b`, cidr: '10.0.1.0/24' },
        ],
        instances: [
          ...web,
          {
            id: INSTANCE.multi,
            type: 'm5.xlarge',
            state: 'running',
            subnetId: SUBNET_A,
            tags: { tier: 'app' },
            interfaces: [
              { id: ENI.multiPrimary, deviceIndex: 0 },
              { id: ENI.multiSecondary, deviceIndex: 1, subnetId: SUBNET_B },
              { id: ENI.multiEfa, deviceIndex: 2, type: 'efa', deleteOnTermination: true },
            ],
          },
          single(INSTANCE.t2, 't2.micro', ENI.t2),
          single(hexId('i', 0x302), 'm8g.large', ENI.graviton8),
          single(hexId('i', 0x303), 'c7i.metal-24xl', ENI.unsupportedMetal),
          single(hexId('i', 0x304), 'm5.metal', ENI.supportedMetal),
          single(INSTANCE.sensor, 'c5n.2xlarge', ENI.sensor, { mirroring: 'excluded' }),
          single(hexId('i', 0x402), 'm5.24xlarge', ENI.bigSensor, { mirroring: 'excluded' }),
        ],
        networkInterfaces: [
          { id: ENI.detached, subnetId: SUBNET_B },
          {
            id: ENI.nlb,
            subnetId: SUBNET_A,
            type: 'network_load_balancer',
            requesterManaged: true,
            status: 'in-use',
            description: 'ELB net/sensors/0123456789abcdef',
          },
        ],
        trafficMirrorTargets: [
          { id: TARGET.sensorEni, networkInterfaceId: ENI.sensor, description: 'sensor' },
          { id: TARGET.bigSensorEni, networkInterfaceId: ENI.bigSensor },
          { id: TARGET.nlb, networkLoadBalancerArn: NLB_ARN },
        ],
        trafficMirrorFilters: [
          {
            id: FILTER,
            description: 'all',
            rules: [{ id: RULE, direction: 'ingress', number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' }],
          },
        ],
        loadBalancers: [{ arn: NLB_ARN, name: 'sensors', subnets: [SUBNET_A, SUBNET_B] }],
        targetGroups: [{ arn: GROUP_ARN, name: 'sensors-vxlan', protocol: 'UDP', port: 4789, vpcId: VPC }],
      },
    },
  };
}
