import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { SignSubscriptionCommand } from './sign-subscription.command';
import { SignSubscriptionRequest } from './sign-subscription.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class SignSubscriptionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/subscriptions/:investorId/sign')
  @Roles('deal-lead', 'investor')
  sign(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body() body: SignSubscriptionRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new SignSubscriptionCommand(roundId, { investorId, documentReference: body.documentReference }, envelope));
  }
}
