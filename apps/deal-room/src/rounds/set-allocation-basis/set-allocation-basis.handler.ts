import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { SetAllocationBasisCommand } from './set-allocation-basis.command';
import { decideSetAllocationBasis } from './set-allocation-basis.decide';

@CommandHandler(SetAllocationBasisCommand)
export class SetAllocationBasisHandler implements ICommandHandler<SetAllocationBasisCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: SetAllocationBasisCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'SetAllocationBasis', data }, decideSetAllocationBasis, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), basis: data.basis },
    }));
  }
}
