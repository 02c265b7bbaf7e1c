/**
 * A value from the user's file quoted in a message, cut short: a message names the value, the echoed source
 * line shows it, and a 50 MB value must not make a 50 MB message (or JSON report).
 */
export const MAX_QUOTED_LENGTH = 80;

export const quote = (value: unknown): string => `"${cut(String(value))}"`;

/** At most MAX_QUOTED_LENGTH characters, ending in "…" when cut (never inside a surrogate pair). */
export function cut(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return text;
  let end = MAX_QUOTED_LENGTH - 1;
  const code = text.charCodeAt(end);
  if (code >= 0xdc00 && code <= 0xdfff) end--;
  return `${text.slice(0, end)}…`;
}
