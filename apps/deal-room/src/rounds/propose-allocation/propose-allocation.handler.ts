import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { ProposeAllocationCommand } from './propose-allocation.command';
import { decideProposeAllocation } from './propose-allocation.decide';

@CommandHandler(ProposeAllocationCommand)
export class ProposeAllocationHandler implements ICommandHandler<ProposeAllocationCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: ProposeAllocationCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'ProposeAllocation', data }, decideProposeAllocation, envelope, (outcome) => ({
      created: true,
      body: { ...roundAnswer(roundId, outcome), proposalId: data.proposalId, approved: false },
    }));
  }
}
