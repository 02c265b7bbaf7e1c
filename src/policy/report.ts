/** How refinements raise located, coded problems through zod, and read values that may not have parsed. */
import type * as z from 'zod';
import type { Problem } from './ids.js';

export type Ctx = z.core.$RefinementCtx<unknown>;
export type Path = readonly (string | number)[];

export interface IssueParams {
  readonly code: string;
  readonly hint?: string;
  /** Point at the mapping key rather than its value (problems with a name, not with its definition). */
  readonly at?: 'key';
}

export function report(ctx: Ctx, problem: Problem, path: Path = [], at?: 'key'): void {
  const params: IssueParams = {
    code: problem.code,
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
    ...(at === undefined ? {} : { at }),
  };
  ctx.addIssue({ code: 'custom', message: problem.message, path: [...path], params: { ...params } });
}

/** Adapts a string check to a zod refinement. */
export const checkedBy =
  (check: (value: string) => Problem | undefined) =>
  (value: string, ctx: Ctx): void => {
    const problem = check(value);
    if (problem !== undefined) report(ctx, problem);
  };

/**
 * Object-level refinements run even when a child failed to parse, so that every problem is reported in one
 * run; they therefore read their input defensively with these helpers.
 */
export const ALWAYS = { when: () => true } as const;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const stringAt = (value: unknown, key: string): string | undefined => {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
};

export const recordAt = (value: unknown, key: string): Record<string, unknown> | undefined => {
  const field = isRecord(value) ? value[key] : undefined;
  return isRecord(field) ? field : undefined;
};

export const arrayAt = (value: unknown, key: string): readonly unknown[] => {
  const field = isRecord(value) ? value[key] : undefined;
  return Array.isArray(field) ? field : [];
};
