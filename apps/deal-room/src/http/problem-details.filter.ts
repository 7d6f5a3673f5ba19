import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { CorrelatedRequest, correlationIdOf } from './correlation-id';
import { RequestLine, toProblem } from './problem-details';
import { noteProblemCode } from './request-observer';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Resolves when the request carries a valid bearer token; rejects with the 401 otherwise. */
export type Authenticate = (request: { headers: IncomingHttpHeaders }) => Promise<unknown>;

/** A Fastify request, or Node's own message (what Nest hands a filter for an error in a middleware). */
type RoutedRequest = (CorrelatedRequest | { raw: CorrelatedRequest; url: string; method: string; headers: IncomingHttpHeaders }) & { originalUrl?: string; actor?: unknown };

/** A Fastify reply (what the filter is given for every error of a route, a hook or the router), or Node's own response. */
interface Reply {
  readonly raw: ServerResponse;
  code(status: number): Reply;
  header(name: string, value: string): Reply;
  send(payload: string): unknown;
}
type Response = Reply | ServerResponse;

/**
 * Answers every error with an RFC 9457 problem; see toProblem for the mapping. With `authenticate`, a
 * request that matches no route is authenticated before it is told so: without a valid token an unknown
 * route answers 401 as a real one does, so that the 404s cannot be used to list the routes.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly authenticate?: Authenticate) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RoutedRequest>();
    const response = http.getResponse<Response>();
    // Nest's handler for a request no route took throws a NotFoundException before any guard ran; on a
    // route, AuthGuard has set the actor or refused already, and the app's own 404s are ApplicationErrors.
    if (this.authenticate !== undefined && exception instanceof NotFoundException && request.actor === undefined) {
      this.authenticate(request).then(
        () => this.answer(exception, request, response),
        (refusal: unknown) => this.answer(refusal, request, response),
      );
      return;
    }
    this.answer(exception, request, response);
  }

  private answer(exception: unknown, request: RoutedRequest, response: Response): void {
    const line = requestLine(request);

    const health = failedHealthCheck(exception);
    if (health !== undefined) return send(response, 503, 'application/json; charset=utf-8', health);

    const { body, headers, unexpected } = toProblem(exception, line);
    const raw = rawOf(response);
    if (unexpected || raw.headersSent) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      const id = correlationIdOf(request);
      this.logger.error(`${line.method} ${line.path} [${id}] failed: ${error.message}`, error.stack);
    }
    if (raw.headersSent) {
      // Part of another answer is on the wire already; cutting it short is the only honest signal left.
      if (!raw.writableEnded) raw.destroy();
      return;
    }
    noteProblemCode(raw, body.code);
    // Headers set before the error (X-Request-Id among them) stay; the error's own come on top.
    send(response, body.status, PROBLEM_CONTENT_TYPE, body, headers);
  }
}

function rawOf(response: Response): ServerResponse {
  return 'raw' in response ? response.raw : response;
}

/** Through Fastify's reply when there is one, so that its hooks (onSend, onResponse) see the answer as any other. */
function send(response: Response, status: number, contentType: string, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if ('raw' in response) {
    response.code(status);
    for (const [name, value] of Object.entries(headers)) response.header(name, value);
    response.header('Content-Type', contentType).send(JSON.stringify(body));
    return;
  }
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.end(JSON.stringify(body));
}

function requestLine(request: RoutedRequest): RequestLine {
  const url = request.originalUrl ?? request.url ?? '/';
  return { method: request.method ?? 'GET', path: url.split('?')[0] };
}

// Terminus reports a failed check as ServiceUnavailableException(result). Probes and operators read
// that result as terminus documents it, so it is passed through rather than reshaped into a problem.
function failedHealthCheck(exception: unknown): object | undefined {
  if (!(exception instanceof ServiceUnavailableException)) return undefined;
  const result = exception.getResponse();
  if (typeof result !== 'object' || result === null) return undefined;
  const { status, details } = result as { status?: unknown; details?: unknown };
  const isHealthResult = (status === 'error' || status === 'shutting_down') && typeof details === 'object';
  return isHealthResult ? result : undefined;
}
