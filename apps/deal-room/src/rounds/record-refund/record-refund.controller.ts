import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { RecordRefundCommand } from './record-refund.command';
import { RecordRefundRequest } from './record-refund.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class RecordRefundController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/subscriptions/:investorId/refunds')
  @Roles('deal-lead', 'investor')
  record(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body() body: RecordRefundRequest, @Envelope() envelope: CommandEnvelope) {
    const { amount, currency, valueDate, reference } = body;
    return this.commands.execute(new RecordRefundCommand(roundId, { investorId, amount, currency, valueDate, reference }, envelope));
  }
}
