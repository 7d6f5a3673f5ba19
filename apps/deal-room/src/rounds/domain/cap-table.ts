import { Currency, exponentOf } from '../../kernel';
import { closingBook } from './closing';
import { divideHalfEven, ownershipFraction } from './ownership';
import { AllocationRecord, RoundState } from './round';
import { preMoneyValuation } from './round-economics';

// The pro forma capitalisation: the holders before the round, the option pool and its top-up, the price per
// share the pre-money fixes, and the shares each closing issues. Shares are whole: an investment buys
// floor(amount / price) shares, and the fraction of a share it does not buy is the company's to refund.

export const HOLDER_KINDS = ['shareholder', 'option-pool'] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];

export interface Holder {
  readonly holderId: string;
  readonly name: string;
  readonly kind: HolderKind;
  /** Whole shares, as a decimal string (a bigint does not go on the wire bare). */
  readonly shares: string;
}

export interface CapTableInput {
  readonly holders: readonly Holder[];
  /** New option-pool shares the investors asked for, counted in the pre-money (it dilutes the holders before). */
  readonly optionPoolTopUp: string;
}

export interface CapTableRow {
  readonly holderId: string;
  readonly name: string;
  readonly kind: HolderKind | 'option-pool-top-up' | 'new-investor';
  readonly sharesBefore: string;
  readonly fractionBefore: string | null;
  readonly sharesAfter: string;
  readonly fractionAfter: string;
  /** For a new investor: what it invested and at which closing ("final" for the close). */
  readonly invested: string | null;
  readonly closing: number | 'final' | 'pro-forma' | null;
}

export interface CapTable {
  readonly roundId: string;
  readonly currency: Currency;
  /** `closed`: as issued; `pro-forma`: the book as it stands, allocated as a close now would. */
  readonly basis: 'closed' | 'pro-forma';
  readonly preMoneyValuation: string;
  /** Pre-money / fully diluted shares before, in the currency's units, to 6 more decimals than its minor unit. */
  readonly pricePerShare: string;
  readonly fullyDilutedBefore: string;
  readonly fullyDilutedAfter: string;
  readonly rows: readonly CapTableRow[];
}

export const PRICE_EXTRA_DECIMALS = 6;

/** The fully diluted shares before the round: every holder's, and the top-up the investors asked for. */
export const fullyDilutedBefore = (input: CapTableInput): bigint =>
  input.holders.reduce((sum, h) => sum + BigInt(h.shares), 0n) + BigInt(input.optionPoolTopUp);

export function capTableOf(state: RoundState): CapTable | null {
  if (state.status === 'none' || state.capTable === null) return null;
  const { currency } = state;
  const preMoney = preMoneyValuation(state);
  const topUp = BigInt(state.capTable.optionPoolTopUp);
  const before = fullyDilutedBefore(state.capTable);
  const existing = before - topUp;
  const issued = issuedAllocations(state);
  // shares = floor(invested / price) = floor(invested * FD before / pre-money), in bigint throughout.
  const buys = issued.map(({ record, closing }) => ({ record, closing, shares: (record.allocated.amount * before) / preMoney }));
  const after = before + buys.reduce((sum, b) => sum + b.shares, 0n);
  const row = (fields: Omit<CapTableRow, 'fractionAfter'>, shares: bigint): CapTableRow => ({ ...fields, fractionAfter: ownershipFraction(shares, after) });
  const rows: CapTableRow[] = [
    ...state.capTable.holders.map((h) =>
      row({ holderId: h.holderId, name: h.name, kind: h.kind, sharesBefore: h.shares, fractionBefore: ownershipFraction(BigInt(h.shares), existing), sharesAfter: h.shares, invested: null, closing: null }, BigInt(h.shares)),
    ),
    ...(topUp > 0n
      ? [row({ holderId: 'option-pool-top-up', name: 'Option pool top-up', kind: 'option-pool-top-up', sharesBefore: '0', fractionBefore: null, sharesAfter: String(topUp), invested: null, closing: null }, topUp)]
      : []),
    ...buys.map(({ record, closing, shares }) =>
      row(
        { holderId: record.investorId, name: investorName(state, record.investorId), kind: 'new-investor', sharesBefore: '0', fractionBefore: null, sharesAfter: String(shares), invested: amountText(record.allocated.amount, currency), closing },
        shares,
      ),
    ),
  ];
  return {
    roundId: state.roundId,
    currency,
    basis: state.status === 'closed' ? 'closed' : 'pro-forma',
    preMoneyValuation: amountText(preMoney, currency),
    pricePerShare: priceText(preMoney, before, currency),
    fullyDilutedBefore: String(before),
    fullyDilutedAfter: String(after),
    rows,
  };
}

function issuedAllocations(state: Exclude<RoundState, { status: 'none' }>): { record: AllocationRecord; closing: CapTableRow['closing'] }[] {
  const interim = state.closings.flatMap((c) => c.allocations.filter((a) => a.allocated.amount > 0n).map((record) => ({ record, closing: c.closingNumber as CapTableRow['closing'] })));
  const inInterim = new Set(interim.map((i) => i.record.investorId));
  const rest: readonly AllocationRecord[] =
    state.status === 'closed' ? state.allocations : state.status === 'open' ? closingBook(state).allocations : [];
  const label: CapTableRow['closing'] = state.status === 'closed' ? 'final' : 'pro-forma';
  return [...interim, ...rest.filter((a) => a.allocated.amount > 0n && !inInterim.has(a.investorId)).map((record) => ({ record, closing: label }))];
}

const investorName = (state: Exclude<RoundState, { status: 'none' }>, investorId: string) =>
  state.investors.find((i) => i.investorId === investorId)?.name ?? investorId;

function amountText(minor: bigint, currency: Currency): string {
  const exponent = exponentOf(currency);
  const digits = minor.toString().padStart(exponent + 1, '0');
  return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

function priceText(preMoney: bigint, shares: bigint, currency: Currency): string {
  const decimals = exponentOf(currency) + PRICE_EXTRA_DECIMALS;
  const scaled = divideHalfEven(preMoney * 10n ** BigInt(PRICE_EXTRA_DECIMALS), shares).toString().padStart(decimals + 1, '0');
  return `${scaled.slice(0, -decimals)}.${scaled.slice(-decimals)}`;
}

/**
 * The same table as a PRC company's books show it: registered capital (注册资本) and capital reserve
 * (资本公积). For a company limited by shares each share has a par value (commonly 1 yuan); for a
 * limited liability company the holdings are entered as units of registered capital, each worth
 * `parValue` (1 yuan when entered in yuan). A new investor's shares are its registered capital at par;
 * what it paid beyond that is capital reserve. Option-pool rows count as registered capital, as when an
 * employee platform holds them. `belowPar` says that some shares would be issued for less than par, which
 * PRC company law forbids for a company limited by shares.
 */
export interface RegisteredCapitalTable extends Omit<CapTable, 'rows'> {
  readonly parValue: string;
  readonly registeredCapitalBefore: string;
  readonly registeredCapitalAfter: string;
  readonly capitalReserveAdded: string;
  readonly belowPar: boolean;
  readonly rows: readonly (CapTableRow & { readonly registeredCapitalBefore: string; readonly registeredCapitalAfter: string; readonly capitalReserve: string | null })[];
}

/** `parValue` in minor units of the table's currency (a positive amount). */
export function registeredCapitalOf(table: CapTable, parValue: bigint): RegisteredCapitalTable {
  const { currency } = table;
  const money = (minor: bigint) => (minor < 0n ? `-${amountText(-minor, currency)}` : amountText(minor, currency));
  const minorOf = (text: string) => {
    const [whole, fraction = ''] = text.split('.');
    return BigInt(whole) * 10n ** BigInt(exponentOf(currency)) + BigInt(fraction.padEnd(exponentOf(currency), '0') || '0');
  };
  let reserve = 0n;
  let belowPar = false;
  const rows = table.rows.map((row) => {
    const after = BigInt(row.sharesAfter) * parValue;
    const paid = row.invested === null ? null : minorOf(row.invested);
    const premium = paid === null ? null : paid - after;
    if (premium !== null) {
      reserve += premium;
      if (premium < 0n) belowPar = true;
    }
    return { ...row, registeredCapitalBefore: money(BigInt(row.sharesBefore) * parValue), registeredCapitalAfter: money(after), capitalReserve: premium === null ? null : money(premium) };
  });
  const before = table.rows.reduce((sum, row) => sum + BigInt(row.sharesBefore), 0n) * parValue;
  return {
    ...table,
    parValue: money(parValue),
    registeredCapitalBefore: money(before),
    registeredCapitalAfter: money(BigInt(table.fullyDilutedAfter) * parValue),
    capitalReserveAdded: money(reserve),
    belowPar,
    rows,
  };
}
