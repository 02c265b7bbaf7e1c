/**
 * The target kinds mirrorctl builds itself: a managed Network Load Balancer in front of the sensors, and pools
 * of interface targets. Shapes and per-field checks; the checks that relate fields are in managed-checks.ts.
 */
import * as z from 'zod';
import { AVAILABILITY_ZONE_PATTERN, checkAvailabilityZone, checkIpv4, IPV4_PATTERN } from './ids.js';
import { checkHealthCheck, checkManagedLoadBalancer, checkSensors } from './managed-checks.js';
import { ALWAYS, checkedBy, report } from './report.js';
import { bounded, id, tags, uniqueList } from './schema-helpers.js';
import { quote } from './quote.js';

/** "The GENEVE, TLS, UDP, and TCP_UDP protocols are not supported for health checks" (ELBv2 ModifyTargetGroup). */
const UNCHECKABLE_PROTOCOLS = ['udp', 'tcp_udp', 'tls', 'geneve'];
export const HEALTH_CHECK_PROTOCOLS = ['tcp', 'http'] as const;

const healthCheckProtocol = z
  .string()
  .superRefine((value, ctx) => {
    if ((HEALTH_CHECK_PROTOCOLS as readonly string[]).includes(value)) return;
    if (UNCHECKABLE_PROTOCOLS.includes(value.toLowerCase())) {
      report(ctx, {
        code: 'health-check-protocol',
        message: `AWS cannot health-check sensors over ${value.toUpperCase()}: ELBv2 refuses GENEVE, TLS, UDP and TCP_UDP health checks`,
        hint: 'mirrored traffic arrives over UDP 4789, but the health check must be tcp (a port the sensor listens on) or http (with a path)',
      });
      return;
    }
    report(ctx, {
      code: 'health-check-protocol',
      message: `health check protocol ${quote(value)} is not tcp or http`,
      hint: 'use tcp (a port the sensor listens on) or http (with a path)',
    });
  })
  .meta({ enum: [...HEALTH_CHECK_PROTOCOLS], description: 'tcp or http: AWS cannot health-check over UDP.' });

const healthCheck = z
  .strictObject({
    protocol: healthCheckProtocol,
    port: bounded(1, 65535, 'port-range', 'port', 'A port the sensors answer health checks on (not the UDP 4789 they receive on).'),
    path: z.string().meta({ pattern: '^/', description: 'HTTP only: the path to request; default /.' }).optional(),
    healthyThreshold: bounded(2, 10, 'threshold-range', 'healthy threshold', 'Consecutive successes before a sensor is healthy; default 5.').default(5),
    unhealthyThreshold: bounded(2, 10, 'threshold-range', 'unhealthy threshold', 'Consecutive failures before a sensor is unhealthy; default 2.').default(2),
    intervalSeconds: bounded(5, 300, 'interval-range', 'health check interval', 'Seconds between checks; default 30.').default(30),
    timeoutSeconds: bounded(2, 120, 'timeout-range', 'health check timeout', 'Seconds without an answer that fail a check; default 10 for tcp, 6 for http.').optional(),
  })
  .superRefine(checkHealthCheck, ALWAYS)
  .meta({ description: "How the load balancer checks that a sensor is up. AWS's defaults for thresholds and interval." });

const ipAddress = z
  .string()
  .superRefine(checkedBy(checkIpv4))
  .meta({ pattern: IPV4_PATTERN, description: "A sensor's private IPv4 address." });

const sensors = z
  .strictObject({
    instances: uniqueList(id('i', 'A sensor instance.'), 'instance', 'Sensor instances by id (instance targets).').optional(),
    tags: tags("Every instance of the load balancer's VPC carrying all these tags is a sensor (instance targets).").optional(),
    ipAddresses: uniqueList(ipAddress, 'IP address', 'Sensors by private IP address (IP targets).').optional(),
  })
  .superRefine(checkSensors, ALWAYS)
  .meta({ description: 'The sensors behind the load balancer: instances (by id and/or tags) or IP addresses, not both.' });

const availabilityZone = z
  .string()
  .superRefine(checkedBy(checkAvailabilityZone))
  .meta({ pattern: AVAILABILITY_ZONE_PATTERN, description: 'An Availability Zone, e.g. us-east-1a.' });

export const managedNetworkLoadBalancer = z
  .strictObject({
    subnets: uniqueList(id('subnet', 'A subnet.'), 'subnet', 'One subnet per Availability Zone, all in one VPC.').optional(),
    vpc: id('vpc', 'The VPC of the load balancer; with availabilityZones, instead of subnets.').optional(),
    availabilityZones: uniqueList(
      availabilityZone,
      'Availability Zone',
      "With vpc: the zones to place the load balancer in, each in the VPC's subnet of that zone (the lowest id when it has several).",
    ).optional(),
    sensors,
    healthCheck,
    crossZone: z
      .boolean()
      .meta({
        description:
          'Cross-zone load balancing (default true): without it a zone whose sensors are all unhealthy drops its sources\' traffic; with it, inter-AZ data transfer is charged.',
      })
      .default(true),
    deletionProtection: z
      .boolean()
      .meta({ description: 'Deletion protection (default true); mirrorctl turns it off only to delete a load balancer the policy removes.' })
      .default(true),
    securityGroups: uniqueList(
      id('sg', 'A security group.'),
      'security group',
      'Security groups of the load balancer (they must allow UDP 4789 from the sources). Set only at creation: a change replaces the load balancer.',
    ).optional(),
  })
  .superRefine(checkManagedLoadBalancer, ALWAYS)
  .meta({
    description:
      'A Network Load Balancer mirrorctl creates and owns: internal, with a UDP 4789 listener forwarding to a target group of the sensors.',
  });

export const networkInterfacePool = uniqueList(
  id('eni', 'A sensor interface.'),
  'interface',
  "A pool of interface targets: each source goes to one of them, same Availability Zone first, then the least loaded (each takes 10 sources, or 100 on the largest instance types).",
).superRefine((ids, ctx) => {
  if (ids.length === 0) report(ctx, { code: 'empty-pool', message: 'the pool lists no interface', hint: 'list at least one eni-…' });
});

export const sensorTagPool = tags(
  'A pool of interface targets: the primary interface of every instance carrying all these tags, in the region of the sources.',
).superRefine((value, ctx) => {
  if (Object.keys(value).length === 0) {
    report(ctx, { code: 'empty-selector', message: 'an empty tag set selects no sensor', hint: 'list at least one tag, e.g. role: sensor' });
  }
});
