import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { AuthenticatedRequest } from '../../auth';
import { correlationIdOf, HttpRequest, pathOf, toProblem } from '../../http';
import { RefusalLog } from './refusal-log';

/**
 * Hands every refused command on a round to the round's refusal log (who, what, which rule), which
 * writes it in the background, and lets the refusal go on to the client unchanged. Faults of the server (5xx) are not refusals and are not
 * recorded here; unauthenticated requests never reach it.
 */
@Injectable()
export class RefusalInterceptor implements NestInterceptor {
  constructor(private readonly refusals: RefusalLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<HttpRequest & AuthenticatedRequest>();
    const command = context.getClass().name.replace(/Controller$/, '');
    return next.handle().pipe(
      catchError((error: unknown) => {
        const param = (request.params as Record<string, unknown> | undefined)?.roundId;
        const roundId = typeof param === 'string' ? param : bodyRoundId(request.body);
        const actor = request.actor;
        const { body } = toProblem(error, { method: request.method, path: pathOf(request) });
        if (!roundId || !actor || body.status < 400 || body.status >= 500) return throwError(() => error);
        const record = {
          roundId,
          by: { sub: actor.sub, role: actor.role, investorId: actor.investorId ?? null },
          command,
          request: `${request.method} ${pathOf(request)}`,
          code: body.code,
          status: body.status,
          detail: body.detail,
          errors: body.errors ?? [],
          correlationId: correlationIdOf(request),
          refusedAt: new Date().toISOString(),
        };
        this.refusals.record(record);
        return throwError(() => error);
      }),
    );
  }
}

function bodyRoundId(body: unknown): string | undefined {
  const roundId = typeof body === 'object' && body !== null ? (body as { roundId?: unknown }).roundId : undefined;
  return typeof roundId === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(roundId) ? roundId : undefined;
}
