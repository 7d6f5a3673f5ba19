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
 * An `onRequest` hook echoing the request's id under both names. The id is settled when the request
 * arrives (the adapter's `genReqId` is correlationIdOf): the caller's X-Request-Id (else X-Correlation-Id)
 * when it is a sane id, or a new UUID. One id per request: the log's, the answer's and the events'.
 */
export function correlationId(request: { raw: CorrelatedRequest }, reply: { raw: ServerResponse }, done: () => void): void {
  const id = correlationIdOf(request);
  // On Node's response, so that every answer carries it, whatever writes it.
  reply.raw.setHeader(REQUEST_ID_HEADER, id);
  reply.raw.setHeader(CORRELATION_ID_HEADER, id);
  done();
}

/**
 * The request's id, kept on Node's own message (a Fastify request's `raw`), where the request log finds
 * it too; settled on first asking.
 */
export function correlationIdOf(request: CorrelatedRequest | { raw: CorrelatedRequest }): string {
  const message: CorrelatedRequest = 'raw' in request && request.raw !== undefined ? request.raw : (request as CorrelatedRequest);
  if (message.correlationId) return message.correlationId;
  return (message.correlationId = callersId(message) ?? randomUUID());
}

function callersId(request: IncomingMessage): string | undefined {
  for (const name of ['x-request-id', 'x-correlation-id']) {
    const header = request.headers[name];
    if (typeof header === 'string' && SANE_ID.test(header)) return header;
  }
  return undefined;
}
