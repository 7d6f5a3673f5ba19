import { CommandAnswer } from '../../event-sourcing/event-metadata';
import { toView } from '../domain';
import { roundAnswer, RoundOutcome } from '../write-path';

/** The answer to a subscription command: the investor's commitment and subscription after it. */
export function subscriptionAnswer(roundId: string, investorId: string, outcome: RoundOutcome): CommandAnswer {
  const commitment = toView(outcome.state)?.commitments.find((candidate) => candidate.investorId === investorId);
  const { amount = null, subscription = null, paidIn = null } = commitment ?? {};
  return { created: false, body: { ...roundAnswer(roundId, outcome), investorId, amount, subscription, paidIn } };
}
