/** Number formatting shared by every reporter: 'en-US' grouping so output is the same on every machine. */
const COUNT = new Intl.NumberFormat('en-US');
const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const RATE = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });

export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** "$1,234.50", or "-$3.00" for a negative amount. */
export function formatUsd(value: number): string {
  const amount = `$${USD.format(Math.abs(value))}`;
  return value < 0 && USD.format(Math.abs(value)) !== '0.00' ? `-${amount}` : amount;
}

/** Hourly rates keep their precision ("$0.015"), unlike monthly amounts. */
export function formatRate(value: number): string {
  return `$${RATE.format(value)}`;
}

/** "+$109.50", "-$10.95", "±$0.00": the sign is always shown for a delta. */
export function formatSignedUsd(value: number): string {
  const amount = formatUsd(Math.abs(value));
  if (amount === '$0.00') return `±${amount}`;
  return value > 0 ? `+${amount}` : `-${amount}`;
}

export function formatSignedCount(value: number): string {
  if (value === 0) return '±0';
  return value > 0 ? `+${formatCount(value)}` : `-${formatCount(-value)}`;
}

/** "1 session", "9,950 sessions". */
export function countOf(value: number, singular: string, plural: string): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}
