import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { AdmitInvestorCommand } from './admit-investor.command';
import { decideAdmitInvestor } from './admit-investor.decide';

@CommandHandler(AdmitInvestorCommand)
export class AdmitInvestorHandler implements ICommandHandler<AdmitInvestorCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: AdmitInvestorCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'AdmitInvestor', data }, decideAdmitInvestor, envelope, (outcome) => ({
      created: true,
      body: { ...roundAnswer(roundId, outcome), investorId: data.investorId },
    }));
  }
}
