import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request id: on every answer, on the request's log lines, and in the metadata of the events it wrote. */
export const REQUEST_ID_HEADER = 'X-Request-Id';
/** The same id under its older name, still taken and echoed for clients that send it. */
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';
// Ends up in logs and event metadata, so a caller's value is only taken from a conservative alphabet.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CorrelatedRequest extends IncomingMessage {
  correlationId?: string;
}

/**
 * Takes the caller's X-Request-Id (else X-Correlation-Id) when it is a sane id, or makes up a UUID; keeps it on
 * the request and echoes it under both names. One id per request: the log's, the answer's and the events'.
 */
export function correlationId(request: CorrelatedRequest, response: ServerResponse, next: () => void): void {
  const id = callersId(request) ?? randomUUID();
  request.correlationId = id;
  response.setHeader(REQUEST_ID_HEADER, id);
  response.setHeader(CORRELATION_ID_HEADER, id);
  next();
}

/** The request's id, as the middleware above set it (or the caller's, where it did not run). */
export function correlationIdOf(request: CorrelatedRequest): string {
  if (request.correlationId) return request.correlationId;
  return (request.correlationId = callersId(request) ?? randomUUID());
}

function callersId(request: IncomingMessage): string | undefined {
  for (const name of ['x-request-id', 'x-correlation-id']) {
    const header = request.headers[name];
    if (typeof header === 'string' && SANE_ID.test(header)) return header;
  }
  return undefined;
}
