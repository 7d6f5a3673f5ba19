import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ApplicationError, FieldProblem } from '../common/application-error';
import type { HttpRequest } from './http-request';
import { OPERATIONS } from './openapi-operations';

/** The query parameters an operation takes: those its documentation lists (`OPERATIONS`), else none. */
export function queryParametersOf(operationId: string): readonly string[] {
  return (OPERATIONS[operationId]?.query ?? []).map((parameter) => parameter.name);
}

/**
 * Every route refuses a query parameter it does not take, with one 400 naming each: a misspelt one
 * (`?atRevison=3`, `?staus=open`) would otherwise be ignored and answer something the caller did not ask
 * for. One rule for all routes, and one source for what a route takes: the operation's documented query
 * parameters, which the OpenAPI document publishes, so what is accepted and what is documented cannot
 * drift apart. Runs after authentication, before the handler parses the values.
 */
@Injectable()
export class QueryParametersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const query = (context.switchToHttp().getRequest<HttpRequest>().query ?? {}) as Record<string, unknown>;
    const known = queryParametersOf(`${context.getClass().name}_${context.getHandler().name}`);
    const unknown = Object.keys(query).filter((name) => !known.includes(name));
    if (unknown.length > 0) throw unknownParameters(unknown, known);
    return next.handle();
  }
}

function unknownParameters(names: readonly string[], known: readonly string[]): ApplicationError {
  const takes = known.length === 0 ? 'this endpoint takes no query parameters' : `this endpoint takes ${known.join(', ')}`;
  const errors: FieldProblem[] = names.map((field) => ({ field, rule: 'unknown-parameter', message: `is not a parameter of this endpoint (${takes})` }));
  return new ApplicationError('VALIDATION_FAILED', 400, `Unknown query parameter${names.length > 1 ? 's' : ''}: ${names.join(', ')} (${takes}).`, errors);
}
