import { ownershipFraction } from '../rounds/domain';
import { Currency, formatAmount, isCurrency, money } from '../kernel';

export const RATIO_DECIMALS = 4;

/** The read models keep money as integer minor units in TEXT; this is its wire form in the round's currency. */
export function amountText(minorUnits: string, currency: Currency): string {
  return formatAmount(money(BigInt(minorUnits), currency));
}

export function currencyOf(value: string): Currency {
  if (!isCurrency(value)) throw new Error(`the read model holds an unknown currency ${value}`);
  return value;
}

/** numerator / denominator to 4 places, e.g. "1.2500": the same exact bigint half-even division as ownership. */
export function ratio(numerator: bigint, denominator: bigint): string | null {
  return denominator > 0n && numerator >= 0n ? ownershipFraction(numerator, denominator, RATIO_DECIMALS) : null;
}

/** Sums fixed-point decimal strings with the same number of places exactly ("0.0750000000" + ...). */
export function sumDecimals(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const places = values[0].split('.')[1]?.length ?? 0;
  const total = values.reduce((sum, value) => sum + BigInt(value.replace('.', '')), 0n);
  const digits = total.toString().padStart(places + 1, '0');
  return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
