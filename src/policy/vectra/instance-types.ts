/** The instance types Vectra's tool knew: it never looked at any other (its "Nitro" list, frozen in 2019). */
import data from './instance-types.json' with { type: 'json' };

const known: ReadonlySet<string> = new Set(
  Object.entries(data.sizes as Record<string, string[]>).flatMap(([family, sizes]) => sizes.map((size) => `${family}.${size}`)),
);

export const vectraKnewType = (instanceType: string): boolean => known.has(instanceType.toLowerCase());
