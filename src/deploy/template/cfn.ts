/**
 * The CloudFormation template format as TypeScript types: intrinsic functions, parameters, conditions,
 * resources and outputs. The healer's template is built from these objects and serialised once, never
 * assembled from strings, so a misspelt property is a type error rather than a failed stack.
 */

export interface Ref {
  readonly Ref: string;
}
export interface GetAtt {
  readonly 'Fn::GetAtt': readonly [string, string];
}
export interface Sub {
  readonly 'Fn::Sub': string;
}
export interface If<T> {
  readonly 'Fn::If': readonly [string, T, T | Ref];
}
export type Intrinsic = Ref | GetAtt | Sub;
/** A string property: a literal or a value CloudFormation resolves at deploy time. */
export type Str = string | Intrinsic;

export const ref = (name: string): Ref => ({ Ref: name });
export const getAtt = (resource: string, attribute: string): GetAtt => ({ 'Fn::GetAtt': [resource, attribute] });
export const sub = (text: string): Sub => ({ 'Fn::Sub': text });
export const NO_VALUE: Ref = ref('AWS::NoValue');
export const ifCondition = <T>(condition: string, then: T, otherwise: T | Ref): If<T> => ({ 'Fn::If': [condition, then, otherwise] });

/** CloudFormation's pseudo parameters, as `Fn::Sub` placeholders. */
export const PSEUDO = {
  partition: '${AWS::Partition}',
  region: '${AWS::Region}',
  account: '${AWS::AccountId}',
  stackName: '${AWS::StackName}',
} as const;

/**
 * Every string holding a `${…}` placeholder becomes an `Fn::Sub`, so one document can be written out as
 * text for review (placeholders visible) and embedded in the template (placeholders resolved).
 */
export function substituted(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${') ? sub(value) : value;
  if (Array.isArray(value)) return value.map(substituted);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituted(item)]));
  }
  return value;
}

export interface Tag {
  readonly Key: string;
  readonly Value: Str;
}

export interface Resource<Type extends string, Properties> {
  readonly Type: Type;
  readonly Properties: Properties;
  readonly DependsOn?: readonly string[];
  readonly DeletionPolicy?: 'Delete' | 'Retain';
  readonly UpdateReplacePolicy?: 'Delete' | 'Retain';
}

export interface StringParameter {
  readonly Type: 'String';
  readonly Description: string;
  readonly Default?: string;
  readonly AllowedValues?: readonly string[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly MinLength?: number;
  readonly MaxLength?: number;
}

export interface RuleAssertion {
  readonly Assert: unknown;
  readonly AssertDescription: string;
}

export interface Output {
  readonly Description: string;
  readonly Value: Str;
}

export interface Template<Resources extends Readonly<Record<string, Resource<string, unknown>>>> {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Metadata: Readonly<Record<string, unknown>>;
  readonly Parameters: Readonly<Record<string, StringParameter>>;
  readonly Rules: Readonly<Record<string, { readonly Assertions: readonly RuleAssertion[] }>>;
  readonly Conditions: Readonly<Record<string, unknown>>;
  readonly Resources: Resources;
  readonly Outputs: Readonly<Record<string, Output>>;
}
