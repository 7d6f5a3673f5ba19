import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, Logger, ServiceUnavailableException } from '@nestjs/common';
import { CorrelatedRequest } from './correlation-id';
import { RequestLine, toProblem } from './problem-details';
import { noteProblemCode } from './request-observer';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Answers every error with an RFC 9457 problem; see toProblem for the mapping. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<CorrelatedRequest & { originalUrl?: string }>();
    const response = http.getResponse<ServerResponse>();
    const line = requestLine(request);

    const health = failedHealthCheck(exception);
    if (health !== undefined) return send(response, 503, 'application/json; charset=utf-8', health);

    const { body, headers, unexpected } = toProblem(exception, line);
    if (unexpected || response.headersSent) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      const correlation = request.correlationId === undefined ? '' : ` [${request.correlationId}]`;
      this.logger.error(`${line.method} ${line.path}${correlation} failed: ${error.message}`, error.stack);
    }
    if (response.headersSent) {
      // Part of another answer is on the wire already; cutting it short is the only honest signal left.
      if (!response.writableEnded) response.destroy();
      return;
    }
    // Headers set before the error (X-Request-Id among them) stay; the error's own come on top.
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    noteProblemCode(response, body.code);
    send(response, body.status, PROBLEM_CONTENT_TYPE, body);
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.end(JSON.stringify(body));
}

function requestLine(request: IncomingMessage & { originalUrl?: string }): RequestLine {
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
