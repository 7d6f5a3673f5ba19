import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { ApplicationError } from '../../common/application-error';
import { CommandExecutor, CommandResult } from '../../event-sourcing/command-executor';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { IdempotencyIndex } from '../../event-sourcing/idempotency-index';
import { readHistory } from '../../event-sourcing/stream-history';
import { DecisionContext, evolve, initialState, isHiddenFrom, RoundCommand, RoundEvent, RoundState, roundStreamName } from '../domain';
import { roundCodec } from './round-codec';
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
  private readonly keys: IdempotencyIndex;

  constructor(
    @Inject(ROUND_COMMAND_EXECUTOR) private readonly executor: RoundCommandExecutor,
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
  ) {
    this.keys = new IdempotencyIndex(client);
  }

  async execute({ roundId, command, envelope }: ExecuteRoundCommand): Promise<CommandResult> {
    await this.refuseIfMatchOnHiddenRound(roundId, envelope);
    return this.executor.execute({
      stream: roundStreamName(roundId),
      command,
      envelope,
      reply: (outcome) => replyTo(command, roundId, outcome),
    });
  }

  /**
   * decide already answers an investor the round did not admit as if there were no round. Only If-Match is
   * checked before decide, against the real revision, and "it is now at revision 7" would give the round
   * away: so this answers it as the executor answers If-Match on a round that does not exist, checks in the
   * same order (the idempotency key first).
   */
  private async refuseIfMatchOnHiddenRound(roundId: string, envelope: CommandEnvelope): Promise<void> {
    if (envelope.actor.role !== 'investor' || envelope.expectedRevision === null) return;
    const history = await readHistory(this.client, roundStreamName(roundId), roundCodec);
    const state = history.events.reduce((folded, recorded) => evolve(folded, recorded.event), initialState());
    if (!isHiddenFrom(state, envelope.actor)) return;
    const { idempotency, actor } = envelope;
    if (idempotency) await this.keys.assertUnusedOrSame(actor.sub, idempotency.key, idempotency.fingerprint);
    throw new ApplicationError('REVISION_MISMATCH', 412, 'The round has changed since the revision given in If-Match. Read it again and retry.');
  }
}
