import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { toView } from '../domain';
import { roundAnswer, RoundOutcome, RoundWritePath } from '../write-path';
import { MakeCommitmentCommand } from './make-commitment.command';
import { decideMakeCommitment } from './make-commitment.decide';

@CommandHandler(MakeCommitmentCommand)
export class MakeCommitmentHandler implements ICommandHandler<MakeCommitmentCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: MakeCommitmentCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'MakeCommitment', data }, decideMakeCommitment, envelope, (outcome) => ({
      created: outcome.events.some(
        (event) => event.type === 'CommitmentMade' || (event.type === 'IndicationRecorded' && event.data.previousAmount === null),
      ),
      body: { ...roundAnswer(roundId, outcome), investorId: data.investorId, ...amountOf(outcome, data.investorId) },
    }));
  }
}

// The commitment as it stands after the command (unchanged when the same amount was sent again).
function amountOf({ state }: RoundOutcome, investorId: string) {
  const commitment = toView(state)?.commitments.find((candidate) => candidate.investorId === investorId);
  return { amount: commitment?.amount ?? null, currency: commitment?.currency ?? null, status: commitment?.status ?? null };
}
