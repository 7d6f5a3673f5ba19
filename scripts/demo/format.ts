// Display only: amounts stay decimal strings and fractions stay exact until they are printed.

/** "50000000000.00" -> "50,000,000,000.00" */
export function groupDigits(amount: string): string {
  const [whole, fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A decimal string as an integer count of its smallest unit: "12.34" -> 1234n. */
export function toUnits(amount: string, decimals: number): bigint {
  const [whole, fraction = ''] = amount.split('.');
  if (fraction.length > decimals) throw new Error(`${amount} has more than ${decimals} decimals`);
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

export function fromUnits(units: bigint, decimals: number): string {
  const digits = units.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export const decimalsOf = (amount: string): number => amount.split('.')[1]?.length ?? 0;

/** A fraction such as "0.0415129152" as a percentage rounded half up to `places`: "4.1513 %". */
export function asPercent(fraction: string, places = 4): string {
  const decimals = decimalsOf(fraction);
  const units = toUnits(fraction, decimals) * 100n;
  const shift = BigInt(decimals - places);
  const rounded = shift > 0n ? (units + 5n * 10n ** (shift - 1n)) / 10n ** shift : units * 10n ** -shift;
  return `${fromUnits(rounded, places)} %`;
}

export interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
}

/** A plain text table; the last row is set off as the totals. */
export function table(columns: readonly Column[], rows: readonly string[][], totals: readonly string[]): string[] {
  const all = [columns.map((c) => c.title), ...rows, totals];
  const widths = columns.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('   ');
  const rule = widths.map((w) => '-'.repeat(w)).join('   ');
  return [line(all[0]), rule, ...rows.map(line), rule, line(totals)];
}
