import { describe, expect, it } from 'vitest';
import data from '../../src/core/support/supported-instance-types.json' with { type: 'json' };
import { instanceFamily, isSupportedSource, sourcesPerEniTarget } from '../../src/core/support/index.js';

const none = { allow: [], deny: [] };

describe('isSupportedSource', () => {
  it.each([
    ['m5.large', true],
    ['t3.nano', true],
    ['t3a.micro', true],
    ['t2.micro', false],
    ['m8g.large', false],
    ['c8g.xlarge', false],
    ['c6i.large', true],
    ['m7i-flex.large', true],
    ['u7in-16tb.224xlarge', true],
    ['u-6tb1.56xlarge', true],
    ['M5.Large', true],
    ['m5.metal', true],
    ['r5b.metal', true],
    ['c6i.metal', false],
    ['m7i-flex.metal', false],
    ['mac2-m2pro.metal', true],
    ['g4dn.metal', false],
    ['unknownfamily.large', false],
  ])('%s → %s with the built-in lists', (type, supported) => {
    expect(isSupportedSource(type, none)).toBe(supported);
  });

  it.each([
    ['bare metal fact on a family with bare-metal support', 'm5.large', { bareMetal: true }, true],
    ['bare metal fact on a virtualized-only family', 'c6i.large', { bareMetal: true }, false],
    ['a .metal name that DescribeInstanceTypes says is virtualized', 'c6i.metal', { bareMetal: false }, true],
  ])('%s', (_name, type, facts, supported) => {
    expect(isSupportedSource(type, none, facts)).toBe(supported);
  });

  it.each([
    ['allow a family', 'm8g.large', { allow: ['m8g'], deny: [] }, true],
    ['allow an exact type only', 'm8g.xlarge', { allow: ['m8g.large'], deny: [] }, false],
    ['allow wins over the bare-metal rule', 'c6i.metal', { allow: ['c6i.metal'], deny: [] }, true],
    ['deny a family', 'm5.large', { allow: [], deny: ['m5'] }, false],
    ['deny an exact type', 'm5.large', { allow: [], deny: ['m5.large'] }, false],
    ['deny leaves other sizes alone', 'm5.xlarge', { allow: [], deny: ['m5.large'] }, true],
    ['deny beats allow', 'm8g.large', { allow: ['m8g'], deny: ['m8g.large'] }, false],
    ['overrides are case-insensitive', 'M8G.large', { allow: ['m8G'], deny: [] }, true],
  ])('%s', (_name, type, overrides, supported) => {
    expect(isSupportedSource(type, overrides)).toBe(supported);
  });
});

describe('sourcesPerEniTarget', () => {
  it.each([
    ['m5.24xlarge', 100],
    ['c5n.18xlarge', 100],
    ['p6-b200.48xlarge', 100],
    ['m5.12xlarge', 10],
    ['t3.small', 10],
    [undefined, 10],
  ])('%s accepts %i sources', (type, limit) => {
    expect(sourcesPerEniTarget(type)).toBe(limit);
  });
});

describe('supported-instance-types.json', () => {
  it('names its source and date', () => {
    expect(data.source).toContain('Supported instance types');
    expect(data.date).toBe('2025-08-28');
  });

  it('holds lower-case families and full large types without repeats', () => {
    for (const list of [data.virtualizedFamilies, data.bareMetalFamilies, data.largeTargetTypes]) {
      expect(new Set(list).size).toBe(list.length);
      for (const item of list) expect(item).toBe(item.toLowerCase());
    }
    for (const type of data.largeTargetTypes) expect(type).toMatch(/^[a-z0-9-]+\.\d*xlarge$/);
    expect(data.largeTargetTypes.map(instanceFamily)).toContain('m8g');
    expect(data.virtualizedFamilies).not.toContain('m8g');
  });
});
