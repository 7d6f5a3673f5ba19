import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { correlationIdOf, HttpRequest, pathOf, ProblemDetailsFilter, routeOf, toProblem } from '../http';
import { Actor } from '../kernel';
import { AccessLog } from './access-log.service';
import { attemptedAction } from './access-record';

/**
 * Bound to the audit controllers: a read refused to an authenticated caller (403, 404) is recorded in
 * the access log before the refusal is answered as every other error is (ProblemDetailsFilter).
 */
@Catch()
@Injectable()
export class RecordRefusals implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly accessLog: AccessLog) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<HttpRequest & { actor?: Actor }>();
    const { status, code } = toProblem(exception, { method: request.method, path: pathOf(request) }).body;
    const route = routeOf(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const action = route !== undefined ? attemptedAction(route, query) : null;
    if (request.actor === undefined || (status !== 403 && status !== 404) || action === null) {
      this.problems.catch(exception, host);
      return;
    }
    const roundId = (request.params as Record<string, unknown> | undefined)?.roundId;
    void this.accessLog
      .recordRefusal(request, { actor: request.actor, action, roundId: typeof roundId === 'string' ? roundId : null, query, parameters: ['after', 'limit', 'format'], correlationId: correlationIdOf(request) }, { status, code })
      .finally(() => this.problems.catch(exception, host));
  }
}
