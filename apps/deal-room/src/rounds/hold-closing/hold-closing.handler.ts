import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { toView } from '../domain';
import { roundAnswer, RoundWritePath } from '../write-path';
import { HoldClosingCommand } from './hold-closing.command';
import { decideHoldClosing } from './hold-closing.decide';

@CommandHandler(HoldClosingCommand)
export class HoldClosingHandler implements ICommandHandler<HoldClosingCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: HoldClosingCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'HoldClosing', data }, decideHoldClosing, envelope, (outcome) => {
      const closings = toView(outcome.state)?.closings ?? [];
      return { created: true, body: { ...roundAnswer(roundId, outcome), ...closings[closings.length - 1] } };
    });
  }
}
