import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { AccessLogModule } from '../access-log';
import { CommandExecutor } from '../event-sourcing/command-executor';
import { roundDecider } from './domain';
import { ExecuteRoundCommandHandler, ROUND_COMMAND_EXECUTOR } from './application/execute-round-command';
import { roundCodec } from './application/round-codec';
import { RoundQueries } from './application/round-queries';
import { RoundsController } from './http/rounds.controller';

const commandHandlers = [ExecuteRoundCommandHandler];
const queries = [RoundQueries];
const executors = [
  {
    provide: ROUND_COMMAND_EXECUTOR,
    inject: [EVENT_STORE_CLIENT],
    useFactory: (client: EventStoreDBClient) =>
      new CommandExecutor(client, roundDecider, roundCodec, (envelope, now, headHash) => ({ now, actor: envelope.actor, headHash })),
  },
];

@Module({
  imports: [CqrsModule, AccessLogModule],
  controllers: [RoundsController],
  providers: [...commandHandlers, ...queries, ...executors],
})
export class RoundsModule {}
