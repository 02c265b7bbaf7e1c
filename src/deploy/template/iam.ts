/**
 * IAM policy documents as types: what the healer's role may do is data, written out for review as is.
 * `V` is `string` for a document with literal values, or includes CloudFormation intrinsics inside a template.
 */

export type ConditionBlock<V = string> = Readonly<Record<string, Readonly<Record<string, V | readonly V[]>>>>;

export interface PolicyStatement<V = string> {
  /** Says, in its name, what the statement is for: the package's README.md lists them. */
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal?: { readonly Service: string };
  readonly Action: string | readonly string[];
  readonly Resource?: V | readonly V[];
  readonly Condition?: ConditionBlock<V>;
}

export interface PolicyDocument<V = string> {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement<V>[];
}
