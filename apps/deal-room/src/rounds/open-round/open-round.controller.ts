import { Body, Controller, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Roles } from '../../auth';
import { deterministicUuid } from '../../event-sourcing/deterministic-id';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { Envelope } from '../http/command-envelope';
import { LocationOf, WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { OpenRoundCommand } from './open-round.command';
import { OpenRoundRequest } from './open-round.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class OpenRoundController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('deal-lead')
  @LocationOf(({ roundId }: { roundId: string }) => `/rounds/${roundId}`)
  open(@Body() body: OpenRoundRequest, @Envelope() envelope: CommandEnvelope) {
    const { actor, idempotency } = envelope;
    // A retry under the same idempotency key must land on the same round, so its id derives from the key.
    const roundId = body.roundId ?? (idempotency ? deterministicUuid('round', actor.sub, idempotency.key) : randomUUID());
    const { roundId: _ignored, ...data } = body;
    return this.commands.execute(new OpenRoundCommand(roundId, { ...data, roundId }, envelope));
  }
}
