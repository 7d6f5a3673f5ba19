import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';
// Ends up in logs and event metadata, so a caller's value is only taken from a conservative alphabet.
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CorrelatedRequest extends IncomingMessage {
  correlationId?: string;
}

/** Takes the caller's X-Correlation-Id (or makes one up), keeps it on the request and echoes it back. */
export function correlationId(request: CorrelatedRequest, response: ServerResponse, next: () => void): void {
  const header = request.headers['x-correlation-id'];
  const id = typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
  request.correlationId = id;
  response.setHeader(CORRELATION_ID_HEADER, id);
  next();
}

/** The request's correlation id, as the middleware above set it (or the header, where it did not run). */
export function correlationIdOf(request: CorrelatedRequest): string {
  if (request.correlationId) return request.correlationId;
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
}
