import { ValidationError } from './errors';
import { CURRENCIES, Currency, FieldIssue, isCurrency, Money, parseAmount } from '../../kernel';

// Collects every broken rule of one command before throwing, so a caller fixes its request in one go.
/** Longest names (companies, rounds, investors) and reasons (rejections, cancellations) taken. */
export const MAX_NAME_LENGTH = 200;
export const MAX_REASON_LENGTH = 2000;

export class Issues {
  private readonly list: FieldIssue[] = [];

  add(field: string, rule: string, message: string): void {
    this.list.push({ field, rule, message });
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  throwIfAny(): void {
    if (this.any) throw new ValidationError([...this.list]);
  }

  fail(): never {
    throw new ValidationError([...this.list]);
  }

  /**
   * Throws if anything was reported, else returns the read values with `undefined` ruled out: readers
   * return undefined only after reporting an issue, and this re-checks that promise at run time.
   */
  complete<T extends Record<string, unknown>>(values: T): { [K in keyof T]: Exclude<T[K], undefined> } {
    this.throwIfAny();
    for (const [field, value] of Object.entries(values)) {
      if (value === undefined) throw new Error(`${field} was neither read nor reported`);
    }
    return values as { [K in keyof T]: Exclude<T[K], undefined> };
  }
}

// Ids end up in stream names and URLs, so they are kept to a conservative alphabet.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function readId(issues: Issues, field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    issues.add(field, 'id', 'must be 1-128 characters of letters, digits, ".", "_", ":" or "-"');
    return '';
  }
  return value;
}

export function readText(issues: Issues, field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.add(field, 'required', 'must be a non-blank string');
    return '';
  }
  if (value.length > maxLength) {
    issues.add(field, 'max-length', `must be at most ${maxLength} characters`);
  }
  return value;
}

export function readChoice<T extends string>(
  issues: Issues,
  field: string,
  value: unknown,
  choices: readonly T[],
): T | undefined {
  if (!choices.includes(value as T)) {
    issues.add(field, 'one-of', `must be one of: ${choices.join(', ')}`);
    return undefined;
  }
  return value as T;
}

/** Returns undefined (and records why) when the amount is unusable. */
export function readAmount(
  issues: Issues,
  field: string,
  value: unknown,
  currency: Currency,
): Money | undefined {
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) {
    issues.add(field, parsed.rule, parsed.message);
    return undefined;
  }
  return parsed.money;
}

export function readOptionalAmount(
  issues: Issues,
  field: string,
  value: unknown,
  currency: Currency,
): Money | null | undefined {
  return value === undefined || value === null ? null : readAmount(issues, field, value, currency);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function rejectUnknownProperties(
  issues: Issues,
  field: string,
  value: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) issues.add(`${field}.${key}`, 'unknown-property', 'is not allowed');
  }
}

// An instant needs its offset: "2025-06-30T18:00" means a different moment on every machine.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 date-time with an offset, returned in UTC (`...Z`). */
export function readInstant(issues: Issues, field: string, value: unknown): string | undefined {
  const time = typeof value === 'string' && INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    issues.add(field, 'instant', 'must be an ISO 8601 date-time with an offset, e.g. 2025-06-30T18:00:00+08:00');
    return undefined;
  }
  return new Date(time).toISOString();
}

/** A calendar day, YYYY-MM-DD, that exists. */
export function readDate(issues: Issues, field: string, value: unknown): string | undefined {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !day || day.toISOString().slice(0, 10) !== value) {
    issues.add(field, 'date', 'must be a calendar date, YYYY-MM-DD');
    return undefined;
  }
  return value as string;
}

/**
 * A payment as the bank reports it (funds received, a refund paid out): whose, how much, on which day and
 * under which reference. The day is not after `today` (YYYY-MM-DD): money moves before it is recorded.
 */
export function readPayment(
  data: { readonly investorId: string; readonly amount: string; readonly currency: string; readonly valueDate: string; readonly reference: string },
  today: string,
): { investorId: string; amount: Money; valueDate: string; reference: string } {
  const issues = new Issues();
  if (!isCurrency(data.currency)) {
    issues.add('currency', 'supported-currency', `must be one of ${CURRENCIES.join(', ')}`);
    return issues.fail();
  }
  const payment = issues.complete({
    investorId: readId(issues, 'investorId', data.investorId),
    amount: readAmount(issues, 'amount', data.amount, data.currency),
    valueDate: readDate(issues, 'valueDate', data.valueDate),
    reference: readText(issues, 'reference', data.reference, MAX_NAME_LENGTH),
  });
  if (payment.valueDate > today) {
    issues.add('valueDate', 'not-in-future', 'must not be after today (UTC)');
    issues.fail();
  }
  return payment;
}
