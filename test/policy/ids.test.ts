import { describe, expect, it } from 'vitest';
import { checkId, checkInstanceType, checkName, checkRegion, parseNlbArn } from '../../src/policy/ids.js';

describe('resource ids', () => {
  it('accepts the short and the long forms', () => {
    expect(checkId('vpc', 'vpc-01234567')).toBeUndefined();
    expect(checkId('vpc', 'vpc-0123456789abcdef0')).toBeUndefined();
    expect(checkId('i', 'i-0aaaaaaaaaaaaaaa1')).toBeUndefined();
    expect(checkId('eni', 'eni-0a1b2c3d4e5f60718')).toBeUndefined();
    expect(checkId('tmt', 'tmt-0123456789abcdef0')).toBeUndefined();
    expect(checkId('vpce', 'vpce-0123456789abcdef0')).toBeUndefined();
  });

  it.each(['vpc-0123', 'vpc-012345678', 'vpc-0123456789abcdef', 'vpc-0123456789abcdefg', 'vpc_01234567', ' vpc-01234567'])(
    'rejects %j',
    (id) => {
      expect(checkId('vpc', id)?.code).toBe('invalid-id');
    },
  );

  it('says when an id has the right shape but capital letters', () => {
    expect(checkId('vpc', 'vpc-0123456789ABCDEF0')?.hint).toBe('AWS ids are lowercase: "vpc-0123456789abcdef0"');
  });

  it('says what kind of id was pasted instead', () => {
    expect(checkId('eni', 'i-0123456789abcdef0')?.message).toBe(
      '"i-0123456789abcdef0" is an instance id, but a network interface id (eni-…) is expected here',
    );
    expect(checkId('tmt', 'tmf-0123456789abcdef0')?.message).toContain('is a traffic mirror filter id');
  });
});

describe('regions', () => {
  it.each(['us-east-1', 'eu-west-3', 'ap-southeast-7', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'xx-future-9'])(
    'accepts the shape of %s',
    (region) => {
      expect(checkRegion(region)).toBeUndefined();
    },
  );

  it.each([
    ['us-east1', 'did you mean "us-east-1"?'],
    ['EU-WEST-1', 'did you mean "eu-west-1"?'],
    ['virginia', 'AWS region names look like us-east-1 or eu-west-1'],
  ])('rejects %s with the hint %j', (region, hint) => {
    expect(checkRegion(region)).toEqual({ code: 'invalid-region', message: `"${region}" is not an AWS region name`, hint });
  });
});

describe('NLB ARNs', () => {
  it('parses partition, region, account, name and id', () => {
    expect(parseNlbArn('arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/net/my-nlb/0123456789abcdef')).toEqual({
      ok: true,
      arn: { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '123456789012', name: 'my-nlb', id: '0123456789abcdef' },
    });
  });

  it.each([
    ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef', 'Application Load Balancer'],
    ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/gwy/gw/0123456789abcdef', 'Gateway Load Balancer'],
    ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/0123456789abcdef', 'is not a Network Load Balancer resource'],
    ['arn:aws:elasticloadbalancing:useast1:123456789012:loadbalancer/net/n/0123456789abcdef', 'region "useast1"'],
    ['arn:aws:elasticloadbalancing:us-east-1:1234:loadbalancer/net/n/0123456789abcdef', '12-digit'],
    ['arn:azure:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/0123456789abcdef', 'partition'],
    ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/0123', 'is not a Network Load Balancer resource'],
    ['my-nlb', 'is not an ARN'],
  ])('rejects %s', (arn, fragment) => {
    const result = parseNlbArn(arn);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`${result.problem.message} ${result.problem.hint ?? ''}`).toContain(fragment);
  });
});

describe('names and instance types', () => {
  it('allows names that fit in resource keys', () => {
    expect(checkName('target', 'sensor-nlb_2.a')).toBeUndefined();
    expect(checkName('target', 'a/b')?.code).toBe('invalid-name');
    expect(checkName('target', 'x'.repeat(65))?.code).toBe('invalid-name');
  });

  it('accepts families and exact types', () => {
    for (const type of ['m8g', 'm8g.large', 'u7i-6tb.112xlarge', 'mac2-m2pro.metal']) expect(checkInstanceType(type)).toBeUndefined();
    expect(checkInstanceType('M8G')?.hint).toBe('instance types are lowercase: "m8g"');
    expect(checkInstanceType('m8g large')?.code).toBe('invalid-instance-type');
  });
});
