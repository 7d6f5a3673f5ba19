import { StoredReply } from '../../event-sourcing/event-metadata';
import { RoundCommand, RoundEvent, RoundState, toView } from '../domain';

interface Outcome {
  readonly state: RoundState;
  readonly events: readonly RoundEvent[];
  readonly revision: bigint | null;
}

/** What each command answers, built from the state right after it; replayed as is on an idempotent retry. */
export function replyTo(command: RoundCommand, roundId: string, { state, events, revision }: Outcome): StoredReply {
  const base = { roundId, revision: revision === null ? null : Number(revision) };
  const view = toView(state);
  switch (command.type) {
    case 'OpenRound':
      return { status: 201, body: base };
    case 'AdmitInvestor':
      return { status: 201, body: { ...base, investorId: command.data.investorId } };
    case 'ProposeTerm':
      return { status: 201, body: { ...base, termId: command.data.termId } };
    case 'AcceptTerm':
    case 'RejectTerm':
    case 'WithdrawTerm': {
      const term = view?.terms.find((candidate) => candidate.termId === command.data.termId);
      return { status: 200, body: { ...base, termId: command.data.termId, status: term?.status ?? null } };
    }
    case 'MakeCommitment': {
      const made = events.some((event) => event.type === 'CommitmentMade');
      const commitment = view?.commitments.find((candidate) => candidate.investorId === command.data.investorId);
      return {
        status: made ? 201 : 200,
        body: { ...base, investorId: command.data.investorId, amount: commitment?.amount ?? null, currency: commitment?.currency ?? null },
      };
    }
    case 'WithdrawCommitment':
      return { status: 200, body: { ...base, investorId: command.data.investorId } };
    case 'CloseRound':
      return { status: 200, body: { ...base, status: 'closed', allocations: view?.allocations ?? [] } };
    case 'CancelRound':
      return { status: 200, body: { ...base, status: 'cancelled' } };
  }
}
