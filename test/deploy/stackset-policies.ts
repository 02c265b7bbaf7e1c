/** Policies for several accounts that the --stackset tests share. */
import { EXTERNAL_ID, OUTSIDER, SHARED_TARGET, WORKLOAD_A } from '../sandbox/organization-fixture.js';

/** A policy for several accounts and regions with a managed load balancer and adoption: the role's largest statements. */
export const MANAGED_NLB_POLICY = `version: 1
name: org-managed
regions: [us-east-1, eu-west-1, ap-southeast-2]
accounts:
  organization: { organizationalUnits: [ou-ab12-workload], exclude: ["${OUTSIDER}"] }
  ids: ["${WORKLOAD_A}"]
  roleName: mirrorctl-member
  externalId: ${EXTERNAL_ID}
adopt: { vectra: true }
targets:
  sensors:
    account: "${WORKLOAD_A}"
    managedNetworkLoadBalancer:
      vpc: vpc-0a1b2c3d4e5f60708
      availabilityZones: [us-east-1a, us-east-1b]
      sensors: { tags: { role: ndr-sensor } }
      healthCheck: { protocol: tcp, port: 22 }
  central: { trafficMirrorTargetId: ${SHARED_TARGET} }
filters:
  all:
    ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
    egress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
vpcs:
  - { tags: { mirroring: enabled }, target: central, filter: all }
  - { id: vpc-0c1d2e3f4a5b6c7d8, target: sensors, filter: all, accounts: ["${WORKLOAD_A}"] }
exclude:
  tags: { role: ndr-sensor }
`;
