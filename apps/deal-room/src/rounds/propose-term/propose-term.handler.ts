import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { ProposeTermCommand } from './propose-term.command';
import { decideProposeTerm } from './propose-term.decide';

@CommandHandler(ProposeTermCommand)
export class ProposeTermHandler implements ICommandHandler<ProposeTermCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: ProposeTermCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'ProposeTerm', data }, decideProposeTerm, envelope, (outcome) => ({
      created: true,
      body: { ...roundAnswer(roundId, outcome), termId: data.termId },
    }));
  }
}
