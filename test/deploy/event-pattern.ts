/**
 * EventBridge's event-pattern matching, for the forms the healer's rules use: arrays of literals (any
 * equal value matches, also against an array in the event), nested objects (also across an array of
 * objects, which EventBridge flattens), `{"exists": bool}` on leaves, and `$or`.
 */
type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

function leafMatches(matcher: Json, value: Json): boolean {
  if (isObject(matcher)) {
    if ('exists' in matcher) return matcher['exists'] === (value !== undefined);
    throw new Error(`unsupported matcher ${JSON.stringify(matcher)}`);
  }
  if (value === undefined) return false;
  return Array.isArray(value) ? value.some((item) => item === matcher) : value === matcher;
}

function fieldMatches(pattern: Json, value: Json): boolean {
  if (Array.isArray(pattern)) {
    if (Array.isArray(value) && value.some(isObject)) return value.some((item) => fieldMatches(pattern, item));
    return pattern.some((matcher) => leafMatches(matcher, value));
  }
  if (isObject(pattern)) {
    if (Array.isArray(value)) return value.some((item) => fieldMatches(pattern, item));
    return matchesPattern(pattern, isObject(value) ? value : {});
  }
  throw new Error(`a pattern field must be an array or an object, not ${JSON.stringify(pattern)}`);
}

export function matchesPattern(pattern: Readonly<Record<string, Json>>, event: Readonly<Record<string, Json>>): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(expected as Readonly<Record<string, Json>>[]).some((branch) => matchesPattern(branch, event))) return false;
      continue;
    }
    if (!fieldMatches(expected, event[key])) return false;
  }
  return true;
}
