/** Refinements of a managed load balancer target that relate its fields: placement, sensors, health check. */
import { arrayAt, isRecord, recordAt, report, stringAt, type Ctx } from './report.js';
import { zoneRegion } from './ids.js';

export function checkHealthCheck(check: unknown, ctx: Ctx): void {
  if (!isRecord(check)) return;
  const protocol = stringAt(check, 'protocol');
  if (check['path'] !== undefined && protocol !== undefined && protocol !== 'http') {
    report(
      ctx,
      {
        code: 'path-needs-http',
        message: `a health check path applies to http checks only, but this check is ${protocol}`,
        hint: 'write "protocol: http", or remove "path"',
      },
      ['path'],
      'key',
    );
  }
}

export function checkSensors(sensors: unknown, ctx: Ctx): void {
  if (!isRecord(sensors)) return;
  const instances = sensors['instances'] !== undefined;
  const tags = recordAt(sensors, 'tags');
  const ips = sensors['ipAddresses'] !== undefined;
  if (!instances && tags === undefined && !ips) {
    report(ctx, {
      code: 'no-sensors',
      message: 'this load balancer selects no sensor',
      hint: 'list sensor instances, their tags, or their IP addresses',
    });
  }
  if (ips && (instances || tags !== undefined)) {
    report(
      ctx,
      {
        code: 'sensor-kinds',
        message: 'sensors are either instances (by id or tags) or IP addresses, not both',
        hint: 'a target group registers one kind of target: keep instances or ipAddresses',
      },
      ['ipAddresses'],
      'key',
    );
  }
  if (tags !== undefined && Object.keys(tags).length === 0) {
    report(ctx, { code: 'empty-selector', message: 'an empty tag set selects no sensor', hint: 'list at least one tag' }, ['tags']);
  }
  if (instances && arrayAt(sensors, 'instances').length === 0 && tags === undefined) {
    report(ctx, { code: 'no-sensors', message: 'the instance list is empty', hint: 'list at least one sensor instance' }, ['instances']);
  }
  if (ips && arrayAt(sensors, 'ipAddresses').length === 0) {
    report(ctx, { code: 'no-sensors', message: 'the address list is empty', hint: 'list at least one sensor IP address' }, ['ipAddresses']);
  }
}

export function checkManagedLoadBalancer(nlb: unknown, ctx: Ctx): void {
  if (!isRecord(nlb)) return;
  const subnets = nlb['subnets'] !== undefined;
  const vpc = nlb['vpc'] !== undefined;
  const zones = nlb['availabilityZones'] !== undefined;
  if (subnets && (vpc || zones)) {
    report(
      ctx,
      {
        code: 'placement-conflict',
        message: 'a load balancer is placed either by "subnets" or by "vpc" and "availabilityZones", not both',
        hint: 'keep subnets (one per Availability Zone), or vpc with availabilityZones',
      },
      [vpc ? 'vpc' : 'availabilityZones'],
      'key',
    );
  } else if (!subnets && !(vpc && zones)) {
    report(ctx, {
      code: 'no-placement',
      message: vpc
        ? 'with "vpc", list the Availability Zones to place the load balancer in'
        : zones
          ? 'with "availabilityZones", name the load balancer\'s "vpc"'
          : 'this load balancer says nowhere to place it',
      hint: 'give subnets (one per Availability Zone, all in one VPC), or vpc with availabilityZones',
    });
  }
  for (const key of ['subnets', 'availabilityZones']) {
    if (nlb[key] !== undefined && arrayAt(nlb, key).length === 0) {
      report(ctx, { code: 'no-placement', message: `the ${key} list is empty`, hint: 'list at least one; AWS recommends two or more zones' }, [key]);
    }
  }
  const regions = new Set(
    arrayAt(nlb, 'availabilityZones')
      .filter((zone): zone is string => typeof zone === 'string')
      .map(zoneRegion),
  );
  if (regions.size > 1) {
    report(
      ctx,
      {
        code: 'zones-in-several-regions',
        message: `the Availability Zones are in several regions (${[...regions].sort().join(', ')})`,
        hint: 'a load balancer lives in one region: list zones of one region',
      },
      ['availabilityZones'],
    );
  }
}

/** The region a managed load balancer's zones name, when it names any. */
export function zonesRegion(nlb: unknown): string | undefined {
  const zone = arrayAt(nlb, 'availabilityZones').find((item): item is string => typeof item === 'string');
  return zone === undefined ? undefined : zoneRegion(zone);
}
