/**
 * IAM policy documents as types: what the healer's role may do is data, written out for review as is.
 * `V` is `string` for a document with literal values, or includes CloudFormation intrinsics inside a template.
 */

export type ConditionBlock<V = string> = Readonly<Record<string, Readonly<Record<string, V | readonly V[]>>>>;

export interface PolicyStatement<V = string> {
  /** Says, in its name, what the statement is for: the package's README.md lists them. */
  readonly Sid: string;
  readonly Effect: 'Allow';
  /** A service (a role's trust in Lambda), or an account (a role another account assumes). */
  readonly Principal?: { readonly Service: string } | { readonly AWS: V };
  readonly Action: string | readonly string[];
  readonly Resource?: V | readonly V[];
  readonly Condition?: ConditionBlock<V>;
}

export interface PolicyDocument<V = string> {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement<V>[];
}

/**
 * Refuses every action but `NotAction` where its condition holds, whatever the allows say: how a role that
 * serves several regions confines itself to them in one statement (AWS's own region-restriction pattern).
 */
export interface FenceStatement<V = string> {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly NotAction: readonly string[];
  readonly Resource: V;
  readonly Condition: ConditionBlock<V>;
}

/** A document whose allows are bounded by fences. */
export interface FencedPolicyDocument<V = string> {
  readonly Version: '2012-10-17';
  readonly Statement: readonly (FenceStatement<V> | PolicyStatement<V>)[];
}
