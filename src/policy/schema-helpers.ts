/** Field builders shared by the policy schema's modules: each carries its check and its JSON Schema `.meta()`. */
import * as z from 'zod';
import { checkId, checkRegion, idPattern, type IdPrefix } from './ids.js';
import { checkTags } from './local-checks.js';
import { checkedBy, report } from './report.js';

export const text = (description: string) => z.string().meta({ description });

export const id = (prefix: IdPrefix, description: string) =>
  z
    .string()
    .superRefine(checkedBy((value) => checkId(prefix, value)))
    .meta({ pattern: idPattern(prefix), description });

export const bounded = (min: number, max: number, code: string, label: string, description: string) =>
  z
    .int()
    .superRefine((value, ctx) => {
      if (value < min || value > max) report(ctx, { code, message: `${label} ${value} is outside ${min} to ${max}` });
    })
    .meta({ minimum: min, maximum: max, description });

export const region = z
  .string()
  .superRefine(checkedBy(checkRegion))
  .meta({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$', description: 'An AWS region, e.g. us-east-1.' });

export const tags = (description: string) =>
  z.record(z.string(), z.string()).superRefine(checkTags).meta({ description });

/** A list whose items must all differ: `what` names one item in the message ("subnet subnet-…"). */
export const uniqueList = <T extends z.ZodType>(item: T, what: string, description: string) =>
  z
    .array(item)
    .superRefine((values, ctx) => {
      values.forEach((value, index) => {
        if (values.indexOf(value) !== index) {
          report(ctx, { code: 'duplicate-item', message: `${what} ${String(value)} is listed twice` }, [index]);
        }
      });
    })
    .meta({ description, uniqueItems: true });
