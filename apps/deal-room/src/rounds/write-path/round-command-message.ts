import { CommandEnvelope } from '../../event-sourcing/event-metadata';

/**
 * What each use case's command class carries on the CommandBus: the round, the command's own data as the
 * caller sent it, and the envelope (who, in answer to what, retry key, If-Match). The bus routes by class,
 * so every use case declares its own subclass.
 */
export abstract class RoundCommandMessage<Data> {
  constructor(
    readonly roundId: string,
    readonly data: Data,
    readonly envelope: CommandEnvelope,
  ) {}
}
