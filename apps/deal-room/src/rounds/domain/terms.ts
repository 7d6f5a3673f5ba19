import { Currency, Money, formatAmount } from '../../kernel';
import { VALUATION_BASES, Valuation } from './round-economics';
import { Issues, isPlainObject, readAmount, readChoice, rejectUnknownProperties } from './validation';

export type CustomTermKey = `x-${string}`;
export const WELL_KNOWN_TERM_KEYS = [
  'valuation',
  'round-size',
  'liquidation-preference',
  'board-seats',
  'pro-rata-rights',
  'board-observer',
  'information-rights',
  'mfn',
] as const;
export type TermKey = (typeof WELL_KNOWN_TERM_KEYS)[number] | CustomTermKey;

export interface RoundSize {
  readonly targetAmount: Money;
  readonly hardCap: Money;
}

/** How often the investor gets the company's accounts (a side-letter right, often for major investors only). */
export const INFORMATION_RIGHTS = ['annual', 'quarterly', 'monthly'] as const;
export type InformationRights = (typeof INFORMATION_RIGHTS)[number];

export interface LiquidationPreference {
  /** Canonical decimal string, e.g. "1" or "1.5": a multiple is a ratio, not a float. */
  readonly multiple: string;
  readonly participating: boolean;
}

export type Term =
  | { readonly key: 'valuation'; readonly value: Valuation }
  | { readonly key: 'round-size'; readonly value: RoundSize }
  | { readonly key: 'liquidation-preference'; readonly value: LiquidationPreference }
  | { readonly key: 'board-seats'; readonly value: number }
  | { readonly key: 'pro-rata-rights'; readonly value: boolean }
  | { readonly key: 'board-observer'; readonly value: boolean }
  | { readonly key: 'information-rights'; readonly value: InformationRights }
  | { readonly key: 'mfn'; readonly value: boolean }
  | { readonly key: CustomTermKey; readonly value: string };

const CUSTOM_KEY = /^x-[a-z0-9-]{1,64}$/;
export const MAX_CUSTOM_TERM_LENGTH = 2000;
export const MAX_BOARD_SEATS = 20;
// Up to two decimals ("1.25x" is seen in practice); 0 < multiple <= 10.
const MULTIPLE = /^(0|[1-9][0-9]?)(?:\.([0-9]{1,2}))?$/;

/** Validates a proposed term; amounts are read in the round's currency. Issues use `key`/`value.*`. */
export function readTerm(issues: Issues, key: unknown, value: unknown, currency: Currency): Term | undefined {
  if (typeof key === 'string' && CUSTOM_KEY.test(key)) {
    return readCustom(issues, key as CustomTermKey, value);
  }
  switch (key) {
    case 'valuation':
      return readValuationTerm(issues, value, currency);
    case 'round-size':
      return readRoundSize(issues, value, currency);
    case 'liquidation-preference':
      return readLiquidationPreference(issues, value);
    case 'board-seats':
      if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > MAX_BOARD_SEATS) {
        issues.add('value', 'integer-range', `must be an integer from 0 to ${MAX_BOARD_SEATS}`);
        return undefined;
      }
      return { key, value: value as number };
    case 'pro-rata-rights':
    case 'board-observer':
    case 'mfn':
      if (typeof value !== 'boolean') {
        issues.add('value', 'type', 'must be true or false');
        return undefined;
      }
      return { key, value };
    case 'information-rights':
      if (!INFORMATION_RIGHTS.includes(value as InformationRights)) {
        issues.add('value', 'one-of', `must be one of: ${INFORMATION_RIGHTS.join(', ')}`);
        return undefined;
      }
      return { key, value: value as InformationRights };
    default:
      issues.add('key', 'known-term', `must be one of ${WELL_KNOWN_TERM_KEYS.join(', ')}, or x-[a-z0-9-]{1,64}`);
      return undefined;
  }
}

function readCustom(issues: Issues, key: CustomTermKey, value: unknown): Term | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.add('value', 'required', 'must be a non-blank string');
    return undefined;
  }
  if (value.length > MAX_CUSTOM_TERM_LENGTH) {
    issues.add('value', 'max-length', `must be at most ${MAX_CUSTOM_TERM_LENGTH} characters`);
    return undefined;
  }
  return { key, value };
}

function readValuationTerm(issues: Issues, value: unknown, currency: Currency): Term | undefined {
  const valuation = readValuation(issues, 'value', value, currency);
  return valuation && { key: 'valuation', value: valuation };
}

/** Shared with OpenRound, whose `valuation` field has the same shape. */
export function readValuation(
  issues: Issues,
  field: string,
  value: unknown,
  currency: Currency,
): Valuation | undefined {
  if (!isPlainObject(value)) {
    issues.add(field, 'type', 'must be an object { amount, basis }');
    return undefined;
  }
  rejectUnknownProperties(issues, field, value, ['amount', 'basis']);
  const amount = readAmount(issues, `${field}.amount`, value.amount, currency);
  const basis = readChoice(issues, `${field}.basis`, value.basis, VALUATION_BASES);
  return amount && basis ? { amount, basis } : undefined;
}

function readRoundSize(issues: Issues, value: unknown, currency: Currency): Term | undefined {
  if (!isPlainObject(value)) {
    issues.add('value', 'type', 'must be an object { targetAmount, hardCap }');
    return undefined;
  }
  rejectUnknownProperties(issues, 'value', value, ['targetAmount', 'hardCap']);
  const targetAmount = readAmount(issues, 'value.targetAmount', value.targetAmount, currency);
  const hardCap = readAmount(issues, 'value.hardCap', value.hardCap, currency);
  return targetAmount && hardCap ? { key: 'round-size', value: { targetAmount, hardCap } } : undefined;
}

function readLiquidationPreference(issues: Issues, value: unknown): Term | undefined {
  if (!isPlainObject(value)) {
    issues.add('value', 'type', 'must be an object { multiple, participating }');
    return undefined;
  }
  rejectUnknownProperties(issues, 'value', value, ['multiple', 'participating']);
  const multiple = readMultiple(issues, value.multiple);
  if (typeof value.participating !== 'boolean') {
    issues.add('value.participating', 'type', 'must be true or false');
    return undefined;
  }
  if (multiple === undefined) return undefined;
  return { key: 'liquidation-preference', value: { multiple, participating: value.participating } };
}

function readMultiple(issues: Issues, value: unknown): string | undefined {
  const match = typeof value === 'string' ? MULTIPLE.exec(value) : null;
  if (!match) {
    issues.add('value.multiple', 'format', 'must be a decimal string, at most 2 decimals, e.g. "1" or "1.5"');
    return undefined;
  }
  const hundredths = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (hundredths === 0n || hundredths > 1000n) {
    issues.add('value.multiple', 'range', 'must be greater than 0 and at most 10');
    return undefined;
  }
  // Canonical form drops trailing zeros, so "1.50" and "1.5" are recorded identically.
  return (match[2] ? `${match[1]}.${match[2]}`.replace(/\.?0+$/, '') : match[1]);
}

/** JSON shape of a term value, amounts as decimal strings in the round's currency. */
export function termValueView(term: Term): unknown {
  switch (term.key) {
    case 'valuation':
      return { amount: formatAmount(term.value.amount), basis: term.value.basis };
    case 'round-size': {
      const { targetAmount, hardCap } = term.value;
      return { targetAmount: formatAmount(targetAmount), hardCap: formatAmount(hardCap) };
    }
    default:
      return term.value;
  }
}
