import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApplicationError } from '../common/application-error';

export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

// application/json and its structured-syntax variants such as application/merge-patch+json.
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;

type Next = (error?: unknown) => void;

/**
 * Refuses a body that is not JSON with 415. Without this, the JSON parser would skip it and the
 * request would reach validation looking as if it had no body at all.
 */
export function requireJsonBody(request: IncomingMessage, _response: ServerResponse, next: Next): void {
  if (!hasBody(request)) return next();
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (JSON_MEDIA_TYPE.test(mediaType)) return next();
  const detail = 'The request body must be JSON, sent as Content-Type: application/json';
  next(new ApplicationError('UNSUPPORTED_MEDIA_TYPE', 415, detail));
}

/** An Express error handler placed right after the JSON parser, before Nest turns its errors into a bare 400. */
export function translateBodyParserErrors(
  error: unknown,
  _request: IncomingMessage,
  _response: ServerResponse,
  next: Next,
): void {
  next(fromBodyParserError(error) ?? undecodable(error) ?? error);
}

/**
 * Right after the parser, a 4xx without a type is a body that did not inflate (`Content-Encoding: gzip`
 * on bytes that are not gzip): the parser passes the decoder's error on as a bare 400. The client's
 * mistake all the same, not a 500.
 */
function undecodable(error: unknown): ApplicationError | undefined {
  if (typeof error !== 'object' || error === null || error instanceof ApplicationError) return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return new ApplicationError('MALFORMED_JSON', 400, 'The request body could not be decoded as its Content-Encoding says');
}

/** The refusal for an error of the body parser (recognised by its `type`), or undefined for anything else. */
export function fromBodyParserError(error: unknown): ApplicationError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, limit } = error as { type?: unknown; limit?: unknown };
  switch (type) {
    // The parser's message quotes the offending input and its position; the client has the input already.
    case 'entity.parse.failed':
      return new ApplicationError('MALFORMED_JSON', 400, 'The request body is not valid JSON');
    case 'entity.too.large': {
      const bytes = typeof limit === 'number' ? limit : JSON_BODY_LIMIT_BYTES;
      return new ApplicationError('PAYLOAD_TOO_LARGE', 413, `The request body is larger than the limit of ${bytes} bytes`);
    }
    case 'charset.unsupported':
      return new ApplicationError('UNSUPPORTED_MEDIA_TYPE', 415, 'The request body must be JSON encoded in UTF-8');
    case 'encoding.unsupported':
      return new ApplicationError('UNSUPPORTED_MEDIA_TYPE', 415, 'The request body has an unsupported Content-Encoding');
    case 'request.aborted':
    case 'request.size.invalid':
      return new ApplicationError('INCOMPLETE_BODY', 400, 'The request body ended before its declared length');
    default:
      return undefined;
  }
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
