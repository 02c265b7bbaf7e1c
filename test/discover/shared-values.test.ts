import { describe, expect, it } from 'vitest';
import { MAX_SHARED_VALUES, shared, tagRecord } from '../../src/aws/discover/fields.js';

// A fresh string of the same text each time, as the SDK's parser makes one per element.
const copyOf = (text: string): string => [...text].join('');

describe('one copy of repeated values', () => {
  it('gives back the value it was given, absent stays absent', () => {
    expect(shared(copyOf('vpc-0abc'))).toBe('vpc-0abc');
    expect(shared(copyOf('vpc-0abc'))).toBe('vpc-0abc');
    expect(shared(undefined)).toBeUndefined();
  });

  it('stays right once the table has started again past its bound', () => {
    const values = Array.from({ length: MAX_SHARED_VALUES + 10 }, (_, index) => `session/vpc-1/eni-${index}`);
    expect(values.map((value) => shared(copyOf(value)))).toEqual(values);
    expect(shared(copyOf('session/vpc-1/eni-3'))).toBe('session/vpc-1/eni-3');
  });

  it('keeps tag values as tagged, keys sorted', () => {
    const tags = tagRecord([
      { Key: 'team', Value: copyOf('payments') },
      { Key: 'Name', Value: copyOf('web-1') },
      { Key: 'empty' },
    ]);
    expect(Object.entries(tags)).toEqual([
      ['Name', 'web-1'],
      ['empty', ''],
      ['team', 'payments'],
    ]);
  });
});
