// Money is an integer count of minor units (fen, cents, yen) plus its ISO 4217 code. A JavaScript
// number never holds an amount: 50 bn RMB is 5e12 fen, and products of amounts overflow 2^53.

// Exponents from ISO 4217. An explicit table, not Intl, so that a Node upgrade cannot change what a
// stored amount means.
const EXPONENTS = { CNY: 2, USD: 2, EUR: 2, GBP: 2, HKD: 2, SGD: 2, JPY: 0, KRW: 0 } as const;

export type Currency = keyof typeof EXPONENTS;
export const CURRENCIES = Object.keys(EXPONENTS) as readonly Currency[];

export interface Money {
  readonly amount: bigint;
  readonly currency: Currency;
}

export type AmountRule = 'type' | 'max-length' | 'format' | 'decimals' | 'positive';

export type ParsedAmount =
  | { readonly ok: true; readonly money: Money }
  | { readonly ok: false; readonly rule: AmountRule; readonly message: string };

// 30 digits is far beyond any real round (10^28 minor units) yet keeps hostile input cheap to reject.
export const MAX_AMOUNT_DIGITS = 30;

// Plain positional notation only: no sign, exponent, whitespace, grouping, or leading zeros.
const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export const isCurrency = (value: unknown): value is Currency =>
  typeof value === 'string' && Object.hasOwn(EXPONENTS, value);

export const exponentOf = (currency: Currency): number => EXPONENTS[currency];

export const money = (amount: bigint, currency: Currency): Money => ({ amount, currency });

export function parseAmount(
  input: unknown,
  currency: Currency,
  options: { allowZero?: boolean } = {},
): ParsedAmount {
  if (typeof input !== 'string') {
    return fail('type', 'must be a decimal string such as "1000.00"');
  }
  if (input.length > MAX_AMOUNT_DIGITS + 1) {
    return fail('max-length', `must have at most ${MAX_AMOUNT_DIGITS} digits`);
  }
  const match = DECIMAL.exec(input);
  if (!match) {
    return fail('format', 'must be a plain decimal string: digits, optionally one "." and decimals');
  }
  const [, whole, fraction = ''] = match;
  if (whole.length + fraction.length > MAX_AMOUNT_DIGITS) {
    return fail('max-length', `must have at most ${MAX_AMOUNT_DIGITS} digits`);
  }
  const exponent = exponentOf(currency);
  if (fraction.length > exponent) {
    return fail('decimals', `${currency} allows at most ${exponent} decimal places`);
  }
  const amount = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (amount === 0n && !options.allowZero) {
    return fail('positive', 'must be greater than zero');
  }
  return { ok: true, money: { amount, currency } };
}

/** Canonical form: exactly the currency's decimals, e.g. 5000000000000n CNY -> "50000000000.00". */
export function formatAmount({ amount, currency }: Money): string {
  const exponent = exponentOf(currency);
  const sign = amount < 0n ? '-' : '';
  const digits = (amount < 0n ? -amount : amount).toString().padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export const formatMoney = (value: Money): string => `${formatAmount(value)} ${value.currency}`;

function fail(rule: AmountRule, message: string): ParsedAmount {
  return { ok: false, rule, message };
}
