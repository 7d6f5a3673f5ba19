import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, CommandResult } from '../../event-sourcing/command-executor';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { DecisionContext, RoundCommand, RoundEvent, RoundState, roundStreamName } from '../domain';
import { replyTo } from './round-replies';

export const ROUND_COMMAND_EXECUTOR = Symbol('ROUND_COMMAND_EXECUTOR');
export type RoundCommandExecutor = CommandExecutor<RoundCommand, RoundState, RoundEvent, DecisionContext>;

/** Every round command travels the bus in this envelope; one handler runs them all through the executor. */
export class ExecuteRoundCommand {
  constructor(
    readonly roundId: string,
    readonly command: RoundCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteRoundCommand)
export class ExecuteRoundCommandHandler implements ICommandHandler<ExecuteRoundCommand, CommandResult> {
  constructor(@Inject(ROUND_COMMAND_EXECUTOR) private readonly executor: RoundCommandExecutor) {}

  execute({ roundId, command, envelope }: ExecuteRoundCommand): Promise<CommandResult> {
    return this.executor.execute({
      stream: roundStreamName(roundId),
      command,
      envelope,
      reply: (outcome) => replyTo(command, roundId, outcome),
    });
  }
}
