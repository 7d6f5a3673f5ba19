import { Money, formatMoney } from '../../kernel';

export const VALUATION_BASES = ['pre-money', 'post-money'] as const;
export type ValuationBasis = (typeof VALUATION_BASES)[number];

// A valuation without its basis is meaningless: 400 bn post-money and 400 bn pre-money price the
// same cheque differently.
export interface Valuation {
  readonly amount: Money;
  readonly basis: ValuationBasis;
}

export const OVERSUBSCRIPTION_POLICIES = ['scale-back', 'reject'] as const;
export type Oversubscription = (typeof OVERSUBSCRIPTION_POLICIES)[number];

/** The figures that accepted `valuation` and `round-size` terms may change after opening. */
export interface RoundEconomics {
  readonly targetAmount: Money;
  readonly hardCap: Money;
  readonly minimumAmount: Money | null;
  readonly minimumTicket: Money | null;
  readonly valuation: Valuation;
  readonly oversubscription: Oversubscription;
}

export type EconomicsInvariant =
  | 'minimum-amount-above-target'
  | 'target-above-hard-cap'
  | 'minimum-ticket-above-hard-cap'
  | 'post-money-not-above-hard-cap'
  | 'hard-cap-below-total-committed';

export interface InvariantBreach {
  readonly invariant: EconomicsInvariant;
  readonly message: string;
}

/**
 * Checked at opening and whenever a term would change the economics. A post-money headline must be above
 * the hard cap: at or below it, the pre-money left for the holders before the round would be nothing (or
 * less) once the cap is raised. Under `reject` the book may never exceed the cap, so the cap may not drop
 * below it either.
 */
export function economicsBreaches(economics: RoundEconomics, totalCommitted: bigint): InvariantBreach[] {
  const { targetAmount, hardCap, minimumAmount, minimumTicket, valuation } = economics;
  const breaches: InvariantBreach[] = [];
  const breach = (invariant: EconomicsInvariant, message: string) => {
    breaches.push({ invariant, message });
  };

  const cap = formatMoney(hardCap);
  if (minimumAmount && minimumAmount.amount > targetAmount.amount) {
    const message = `minimum amount ${formatMoney(minimumAmount)} exceeds the target ${formatMoney(targetAmount)}`;
    breach('minimum-amount-above-target', message);
  }
  if (targetAmount.amount > hardCap.amount) {
    breach('target-above-hard-cap', `target ${formatMoney(targetAmount)} exceeds the hard cap ${cap}`);
  }
  if (minimumTicket && minimumTicket.amount > hardCap.amount) {
    breach('minimum-ticket-above-hard-cap', `minimum ticket ${formatMoney(minimumTicket)} exceeds the hard cap ${cap}`);
  }
  if (valuation.basis === 'post-money' && valuation.amount.amount <= hardCap.amount) {
    const message = `post-money valuation ${formatMoney(valuation.amount)} must be above the hard cap ${cap}`;
    breach('post-money-not-above-hard-cap', message);
  }
  if (economics.oversubscription === 'reject' && hardCap.amount < totalCommitted) {
    breach('hard-cap-below-total-committed', `hard cap ${cap} is below what is already committed`);
  }
  return breaches;
}

/**
 * This is a priced round, not a post-money SAFE: the price per share is fixed by the pre-money. A
 * pre-money valuation is that figure. A post-money headline is quoted on the planned size (the target),
 * so it fixes the pre-money at headline - target: 40 bn raised of a planned 50 bn "at 400 bn post" buys
 * 40 / (350 + 40) = 10.26 %, at the same price as the full 50 bn would have.
 */
export function preMoneyValuation({ valuation, targetAmount }: Pick<RoundEconomics, 'valuation' | 'targetAmount'>): bigint {
  return valuation.basis === 'pre-money' ? valuation.amount.amount : valuation.amount.amount - targetAmount.amount;
}

/** The post-money once `raised` has been sold at the round's price: pre-money + raised, whatever the basis. */
export function postMoneyValuation(economics: Pick<RoundEconomics, 'valuation' | 'targetAmount'>, raised: bigint): bigint {
  return preMoneyValuation(economics) + raised;
}
