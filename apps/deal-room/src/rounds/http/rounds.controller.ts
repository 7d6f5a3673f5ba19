import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Request, Response } from 'express';
import { AccessLog } from '../../access-log';
import { asItStoodBody, pointInTimeOfQuery } from '../../audit';
import { CurrentActor, Roles } from '../../auth';
import { CommandResult } from '../../event-sourcing/command-executor';
import { deterministicUuid } from '../../event-sourcing/deterministic-id';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { RoundCommand } from '../domain';
import { ExecuteRoundCommand } from '../application/execute-round-command';
import { RoundQueries } from '../application/round-queries';
import { envelopeOf } from './command-envelope';
import { correlationIdOf, NoBodyPipe, ParseIdPipe } from '../../http';
import { AdmitInvestorRequest } from './dto/admit-investor.request.dto';
import { MakeCommitmentRequest } from './dto/make-commitment.request.dto';
import { OpenRoundRequest } from './dto/open-round.request.dto';
import { ProposeTermRequest } from './dto/propose-term.request.dto';
import { ReasonRequest } from './dto/reason.request.dto';
import { Actor } from '../../kernel';

/** The deal team's commands and the round's current state. Validation here, rules in the domain. */
@Controller('rounds')
export class RoundsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RoundQueries,
    private readonly accessLog: AccessLog,
  ) {}

  @Post()
  @Roles('deal-lead')
  async open(@Body() body: OpenRoundRequest, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeOf(request, actor);
    // A retry under the same idempotency key must land on the same round, so its id derives from the key.
    const roundId = body.roundId ?? (envelope.idempotency ? deterministicUuid('round', actor.sub, envelope.idempotency.key) : randomUUID());
    const { roundId: _ignored, ...data } = body;
    const reply = await this.send(roundId, { type: 'OpenRound', data: { ...data, roundId } }, envelope, response);
    response.location(`/rounds/${roundId}`);
    return reply;
  }

  @Post(':roundId/investors')
  @Roles('deal-lead')
  admit(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: AdmitInvestorRequest, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'AdmitInvestor', data: { ...body } }, envelopeOf(request, actor), response);
  }

  @Post(':roundId/terms')
  @Roles('deal-lead', 'investor')
  propose(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: ProposeTermRequest, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeOf(request, actor);
    const termId = envelope.idempotency ? deterministicUuid('term', actor.sub, envelope.idempotency.key) : randomUUID();
    return this.send(roundId, { type: 'ProposeTerm', data: { termId, key: body.key, value: body.value, supersedes: body.supersedes ?? null } }, envelope, response);
  }

  @Post(':roundId/terms/:termId/accept')
  @HttpCode(200)
  @Roles('deal-lead', 'investor')
  accept(@Param('roundId', ParseIdPipe) roundId: string, @Param('termId', ParseIdPipe) termId: string, @Body(NoBodyPipe) _body: unknown, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'AcceptTerm', data: { termId } }, envelopeOf(request, actor), response);
  }

  @Post(':roundId/terms/:termId/reject')
  @HttpCode(200)
  @Roles('deal-lead', 'investor')
  reject(@Param('roundId', ParseIdPipe) roundId: string, @Param('termId', ParseIdPipe) termId: string, @Body() body: ReasonRequest, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'RejectTerm', data: { termId, reason: body.reason } }, envelopeOf(request, actor), response);
  }

  @Post(':roundId/terms/:termId/withdraw')
  @HttpCode(200)
  @Roles('deal-lead', 'investor')
  withdraw(@Param('roundId', ParseIdPipe) roundId: string, @Param('termId', ParseIdPipe) termId: string, @Body(NoBodyPipe) _body: unknown, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'WithdrawTerm', data: { termId } }, envelopeOf(request, actor), response);
  }

  @Put(':roundId/commitments/:investorId')
  @Roles('deal-lead', 'investor')
  commit(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body() body: MakeCommitmentRequest, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'MakeCommitment', data: { investorId, amount: body.amount, currency: body.currency } }, envelopeOf(request, actor), response);
  }

  @Delete(':roundId/commitments/:investorId')
  @Roles('deal-lead', 'investor')
  withdrawCommitment(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body(NoBodyPipe) _body: unknown, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'WithdrawCommitment', data: { investorId } }, envelopeOf(request, actor), response);
  }

  @Post(':roundId/close')
  @Roles('deal-lead')
  close(@Param('roundId', ParseIdPipe) roundId: string, @Body(NoBodyPipe) _body: unknown, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'CloseRound', data: {} }, envelopeOf(request, actor), response);
  }

  @Post(':roundId/cancel')
  @Roles('deal-lead')
  cancel(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: ReasonRequest, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.send(roundId, { type: 'CancelRound', data: { reason: body.reason } }, envelopeOf(request, actor), response);
  }

  @Get(':roundId')
  @Roles('deal-lead', 'investor', 'auditor', 'admin')
  async get(@Param('roundId', ParseIdPipe) roundId: string, @Query('atRevision') atRevision: unknown, @Query('asOf') asOf: unknown, @CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    // ?atRevision=N or ?asOf=<ISO 8601>: time travel, the round as it stood then. Neither: the current state.
    const point = pointInTimeOfQuery(atRevision, asOf);
    const reading = point ? await this.queries.asItStood(roundId, actor, point) : await this.queries.current(roundId, actor);
    const correlationId = correlationIdOf(request);
    if (point) {
      const access = { actor, action: 'time-travel', roundId, query: { atRevision, asOf }, parameters: ['atRevision', 'asOf'], correlationId } as const;
      await this.accessLog.recordIfRequired(request, access);
    }
    response.setHeader('ETag', `"${reading.revision}"`);
    response.setHeader('X-Correlation-Id', correlationId);
    return point ? asItStoodBody(reading, point) : { ...reading.view, revision: Number(reading.revision) };
  }

  private async send(roundId: string, command: RoundCommand, envelope: CommandEnvelope, response: Response): Promise<unknown> {
    const result: CommandResult = await this.commands.execute(new ExecuteRoundCommand(roundId, command, envelope));
    response.status(result.reply.status);
    response.setHeader('X-Correlation-Id', envelope.correlationId);
    if (result.revision !== null) response.setHeader('ETag', `"${result.revision}"`);
    if (result.position !== null) response.setHeader('X-Event-Position', String(result.position));
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.reply.body;
  }
}
