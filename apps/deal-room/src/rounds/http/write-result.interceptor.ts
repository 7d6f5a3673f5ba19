import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { mergeMap, Observable } from 'rxjs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { CORRELATION_ID_HEADER, correlationIdOf, HttpReply, HttpRequest } from '../../http';
import { RECEIPT_HEADER, ReceiptIssuer } from '../../receipts';
import { PositionTokens } from '../../evidence';
import { AuthenticatedRequest } from '../../auth';

const LOCATION_OF = 'deal-room:rounds:location-of';

/** Where the thing a command created can be read, from its answer's body (sent as `Location`). */
export const LocationOf = (path: (body: never) => string) => SetMetadata(LOCATION_OF, path);

/**
 * The HTTP face of a command's result: 201 when it created something, else 200; the round's new revision
 * as ETag (an investor's own count of it), the commit position as X-Event-Position (sealed for an
 * investor: a position counts the whole store's events), Idempotent-Replayed on a replay, the signed receipt
 * (Deal-Room-Receipt); the answer as body.
 * It also names the command on the request (`command`, from the controller's name) for the request log.
 */
@Injectable()
export class WriteResultInterceptor implements NestInterceptor<CommandResult, unknown> {
  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly receipts?: ReceiptIssuer,
    @Optional() private readonly tokens?: PositionTokens,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler<CommandResult>): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest & AuthenticatedRequest & { raw: { command?: string } }>();
    const response = http.getResponse<HttpReply>();
    // On Node's own message, where the request log and the metrics read it.
    request.raw.command = context.getClass().name.replace(/Controller$/, '');
    const locationOf = this.reflector.get<((body: unknown) => string) | undefined>(LOCATION_OF, context.getHandler());
    return next.handle().pipe(
      mergeMap(async (result) => {
        const { answer, revision, position, replayed } = result;
        // Issue 12: every acknowledged write carries its signed receipt.
        const receipt = (await this.receipts?.forResult(result, request.actor)) ?? null;
        if (receipt !== null) response.header(RECEIPT_HEADER, receipt);
        response.status(answer.created ? 201 : 200);
        response.header(CORRELATION_ID_HEADER, correlationIdOf(request));
        if (revision !== null) response.header('ETag', `"${revision}"`);
        const shown = position === null ? null : this.positionFor(request, position);
        if (shown !== null) response.header('X-Event-Position', shown);
        if (replayed) response.header('Idempotent-Replayed', 'true');
        if (locationOf) response.header('Location', locationOf(answer.body));
        return answer.body;
      }),
    );
  }

  private positionFor(request: AuthenticatedRequest, position: bigint): string | null {
    if (request.actor?.role !== 'investor') return String(position);
    // Without the tokens (a bare module in a test) an investor gets no position rather than a bare one.
    return this.tokens?.seal(position) ?? null;
  }
}
