import { Money, formatMoney, money } from '../../kernel';
import { Decision } from './decision';
import { DomainError } from './errors';
import { OpenedRound } from './round';
import { mayKnowBookTotals } from './visibility';

/**
 * Under `reject`, the binding book may not exceed the hard cap. `replaced` is the investor's own binding
 * amount, which the new one takes the place of. Shared by committing and confirming an indication.
 */
export function requireRoomUnderCap(round: OpenedRound, amount: Money, replaced: Money | null, decision: Decision): void {
  const othersTotal = round.totalCommitted.amount - (replaced?.amount ?? 0n);
  if (round.oversubscription !== 'reject' || othersTotal + amount.amount <= round.hardCap.amount) return;
  const cap = formatMoney(round.hardCap);
  // The room left is the cap minus everyone else's commitments: a book total by another name.
  const room = money(round.hardCap.amount - othersTotal, round.currency);
  const message = mayKnowBookTotals(decision.actor, round.disclosure)
    ? `Only ${formatMoney(room)} fits under the hard cap of ${cap}`
    : `A commitment of ${formatMoney(amount)} would take the book above the hard cap of ${cap}`;
  throw new DomainError('ROUND_FULL', message);
}
