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
  | 'post-money-below-hard-cap'
  | 'hard-cap-below-total-committed';

export interface InvariantBreach {
  readonly invariant: EconomicsInvariant;
  readonly message: string;
}

/**
 * Checked at opening and whenever a term would change the economics. The post-money check is ours
 * (the issue is silent): a post-money valuation below what may be raised would give ownership > 100%.
 * Under `reject` the book may never exceed the cap, so the cap may not drop below it either.
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
  if (valuation.basis === 'post-money' && valuation.amount.amount < hardCap.amount) {
    const message = `post-money valuation ${formatMoney(valuation.amount)} is below the hard cap ${cap}`;
    breach('post-money-below-hard-cap', message);
  }
  if (economics.oversubscription === 'reject' && hardCap.amount < totalCommitted) {
    breach('hard-cap-below-total-committed', `hard cap ${cap} is below what is already committed`);
  }
  return breaches;
}

export function postMoneyValuation(valuation: Valuation, raised: bigint): bigint {
  return valuation.basis === 'post-money' ? valuation.amount.amount : valuation.amount.amount + raised;
}
