const UNITS: Array<[string, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * A duration in words, the two largest units, rounded to the smaller one: `1 hour 30 minutes`,
 * `45 seconds`, `2 days` (5399.6 s reads `1 hour 30 minutes`, not `1 hour 29 minutes`).
 */
export function durationInWords(ms: number): string {
  const abs = Math.abs(ms);
  let index = UNITS.findIndex(([, size]) => abs >= size);
  // 59 min 59.8 s rounds to a whole hour: step up a unit when rounding reaches it.
  const roundedUp = UNITS[index - 1];
  const smaller = UNITS[index + 1];
  if (index > 0 && roundedUp !== undefined && smaller !== undefined && Math.round(abs / smaller[1]) * smaller[1] >= roundedUp[1]) index -= 1;
  const [bigUnit, bigSize] = UNITS[index === -1 ? UNITS.length - 1 : index] ?? ['second', 1000];
  const small = UNITS[index + 1];
  const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (index === -1 || small === undefined) return plural(Math.round(abs / bigSize), bigUnit);
  const [smallUnit, smallSize] = small;
  const total = Math.round(abs / smallSize);
  const ratio = bigSize / smallSize;
  const big = Math.floor(total / ratio);
  const rest = total % ratio;
  return rest === 0 ? plural(big, bigUnit) : `${plural(big, bigUnit)} ${plural(rest, smallUnit)}`;
}

/** `in 1 hour 30 minutes` or `5 minutes ago`. */
export function relative(at: number, now: number): string {
  const words = durationInWords(at - now);
  return at > now ? `in ${words}` : `${words} ago`;
}

/** A token shown in traces: never the token itself, only its length and last 4 characters. */
export function tokenHint(token: string): string {
  return `…${token.slice(-4)} (${token.length} chars)`;
}

/** Aligned `key: value` lines. */
export function table(rows: Array<[string, string | undefined]>): string {
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  const width = Math.max(...shown.map(([key]) => key.length)) + 1;
  return shown.map(([key, value]) => `${`${key}:`.padEnd(width + 1)}${value}\n`).join('');
}

/** Pretty JSON with a trailing newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
