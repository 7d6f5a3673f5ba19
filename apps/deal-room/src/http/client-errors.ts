import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ApplicationError } from '../common/application-error';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from './correlation-id';
import { toProblem } from './problem-details';
import { PROBLEM_CONTENT_TYPE } from './problem-details.filter';

// What Node's HTTP parser and server timeouts say, in words for the client; the parser's own reasons are
// not echoed, so nothing but these fixed sentences reaches the wire.
const PARSER_REFUSALS: Readonly<Record<string, string>> = {
  HPE_INVALID_METHOD: 'The request method is not one HTTP/1.1 knows',
  HPE_INVALID_URL: 'The request target is not a valid URL path',
  HPE_INVALID_VERSION: 'The request line does not end in a valid HTTP version',
  HPE_INVALID_HEADER_TOKEN: 'A header name or value holds characters HTTP does not allow',
  HPE_INVALID_CONTENT_LENGTH: 'The Content-Length header is not a valid length',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'The request has both Content-Length and Transfer-Encoding',
  HPE_INVALID_TRANSFER_ENCODING: 'The Transfer-Encoding is not accepted: it must end in chunked, and comes without Content-Length',
  HPE_INVALID_CHUNK_SIZE: 'A chunk of the body does not start with a valid size',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'A chunk of the body carries too long an extension',
  HPE_LF_EXPECTED: 'A line of the request does not end in CRLF',
  HPE_CR_EXPECTED: 'A line of the request does not end in CRLF',
};

/** The refusal Node's HTTP server raises before any route runs, as the app's own problem. */
export function clientErrorProblem(code: string | undefined): ApplicationError {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApplicationError('REQUEST_TIMEOUT', 408, 'The request was not received in full in time');
  if (code === 'HPE_HEADER_OVERFLOW') return new ApplicationError('HEADERS_TOO_LARGE', 431, 'The request line and headers together are larger than the server accepts');
  const reason = (code !== undefined && PARSER_REFUSALS[code]) || 'The request is not valid HTTP/1.1';
  return new ApplicationError('MALFORMED_REQUEST', 400, reason);
}

// A fixed subset of the security headers every other answer gets (no route, so no request, ran).
const HEADERS = [
  'Cache-Control: no-store',
  "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options: nosniff',
  'X-Frame-Options: DENY',
  'Referrer-Policy: no-referrer',
  'Connection: close',
];

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP server could not parse as a request (an unknown method,
 * a malformed header, headers over the limit, a request cut by the server's timeouts) is answered as
 * every other refusal is, a problem+json body with its code and a request id, instead of Fastify's bare
 * JSON. Nothing reached a route, so nothing was written. The connection is then closed: the parser cannot
 * tell where the next request would start: the answer is sent with a FIN (a bare destroy with the
 * client's bytes still unread would reset the connection and lose it), and the socket is destroyed if the
 * client has not closed its side within CLOSE_GRACE_MS.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { body } = toProblem(clientErrorProblem(error.code));
    const id = randomUUID();
    const json = JSON.stringify(body);
    const head = [
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}`,
      `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
      `Content-Length: ${Buffer.byteLength(json)}`,
      `${REQUEST_ID_HEADER}: ${id}`,
      `${CORRELATION_ID_HEADER}: ${id}`,
      ...HEADERS,
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${json}`);
  }
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
}

const CLOSE_GRACE_MS = 5_000;
