import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { Logger, LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { Actor } from '../kernel';
import { CorrelatedRequest, correlationIdOf } from './correlation-id';
import type { ObservedReply } from './request-observer';

/** Headers that carry credentials: never on a log line, whatever logs a request or its headers. */
export const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'x-authorization', 'cookie', 'set-cookie'] as const;

export const REDACTED_PATHS = ['req.headers', 'res.headers', 'headers'].flatMap((at) => SECRET_HEADERS.map((name) => `${at}["${name}"]`));

// Probes and scrapes come every few seconds; a line for each would drown the requests that matter.
const QUIET_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

// Node's own message, which pino-http is given: AuthGuard and WriteResultInterceptor note the actor and the command on it.
type LoggedRequest = CorrelatedRequest & { actor?: Actor; command?: string; originalUrl?: string };

/**
 * pino's output: JSON lines on stdout, or readable lines (pino-pretty) when a person watches a terminal.
 * Containers and log shippers never have a terminal on stdout, so they always get JSON.
 */
export function logOutput(level: string): Pick<LoggerOptions, 'transport'> {
  const readable = level !== 'silent' && process.stdout.isTTY === true && process.env.NODE_ENV !== 'test';
  return readable ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } } } : {};
}

/** The logger for what happens before the app's own is up (and for start-up failures): same output, same redaction. */
export function bootstrapLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, ...logOutput(level) });
}

/**
 * The app's logger (nestjs-pino's root, which Nest's own messages go through too): JSON lines on stdout,
 * with the serializers that keep credentials and headers off every line.
 */
export function requestLogOptions(level: string): PinoHttpOptions {
  const output = logOutput(level);
  return {
    level,
    ...output,
    // Lines are written by libuv's thread pool, not on the event loop: under load the lines that queue
    // while a write is under way go out in one write, and when idle each goes out at once. pino writes
    // what is still queued when the process exits. (Measured: the synchronous write of each line was
    // 4.5 % of the main thread under GET load on Node 24, 2.6 % on Node 20.)
    ...(output.transport || level === 'silent' ? {} : { stream: pino.destination({ dest: 1, sync: false }) }),
    // Our serializers get the request and the response themselves: pino-http's wrapping would first build
    // the standard serialization (every header, query and parameter) on every line, to be thrown away.
    wrapSerializers: false,
    // Serializers rather than `redact`: they keep the secret headers off the line just as `REDACTED_PATHS`
    // would (a request and a response are logged without any header, and a `headers` object without the
    // secret ones), and cost nothing on a line without those keys. pino's redaction copied every logged
    // object, the request line's too: 4.7 % of what a GET allocated and 1 % of its main thread.
    serializers: {
      req: (request: IncomingMessage & { raw?: LoggedRequest }) => {
        const raw = request.raw ?? (request as LoggedRequest);
        return { method: raw.method, path: pathOf(raw), remoteAddress: raw.socket?.remoteAddress };
      },
      res: (response: ServerResponse & { raw?: ServerResponse }) => ({ statusCode: (response.raw ?? response).statusCode }),
      err: pino.stdSerializers.err,
      headers: withoutSecretHeaders,
    },
  };
}

/** The fields of a Fastify request and reply the request line reads (the reply's are the observer's). */
export interface LoggedExchange {
  readonly request: { readonly raw: LoggedRequest };
  readonly reply: ObservedReply;
}

/**
 * An `onResponse` hook writing one line per request once its answer has gone out: its id (the X-Request-Id
 * answered, also in event metadata), the command it ran and who ran it, method, path, status and time
 * in ms, at `error` for a 5xx and `info` otherwise. No headers: they add a kilobyte a line and carry
 * credentials. Probes and scrapes are not logged. A request its client abandoned gets its line from
 * logAbortedRequests instead.
 *
 * Written here rather than by pino-http through nestjs-pino's middleware, which gave every request a
 * child logger and ran the rest of it inside an AsyncLocalStorage context, so that Node 20 tracked every
 * promise it made: a third of a `GET`'s main thread (0.465 -> 0.317 ms, `npm run bench:ab`). Nothing
 * logged within a request needs that context: the problem filter names the request id itself.
 */
export function logRequests(log: () => Logger | undefined) {
  return (request: LoggedExchange['request'], reply: LoggedExchange['reply'], done: () => void): void => {
    const statusCode = reply.raw.statusCode;
    const response = { res: reply.raw, responseTime: Math.round(reply.elapsedTime) };
    if (statusCode >= 500) writeLine(log(), request.raw, 'error', 'request errored', response);
    else writeLine(log(), request.raw, 'info', 'request completed', response);
    done();
  };
}

/**
 * An `onRequestAbort` hook: the line of a request whose client hung up before its answer was out, which
 * `onResponse` may never see (Fastify runs it when the answer finishes). Its status is not known yet.
 */
export function logAbortedRequests(log: () => Logger | undefined) {
  return (request: LoggedExchange['request'], done: () => void): void => {
    writeLine(log(), request.raw, 'info', 'request aborted', { aborted: true });
    done();
  };
}

const LOGGED = Symbol('request line written');

// One line per request, whichever of the two hooks comes first.
function writeLine(logger: Logger | undefined, raw: LoggedRequest & { [LOGGED]?: true }, level: 'info' | 'error', msg: string, outcome: object): void {
  if (logger === undefined || raw[LOGGED] || QUIET_PATHS.has(pathOf(raw))) return;
  raw[LOGGED] = true;
  const { command, actor } = raw;
  const line = {
    requestId: correlationIdOf(raw),
    ...(command !== undefined ? { command } : {}),
    ...(actor !== undefined ? { actor: { sub: actor.sub, role: actor.role, ...(actor.investorId ? { investorId: actor.investorId } : {}) } } : {}),
    req: raw,
    ...outcome,
  };
  logger[level](line, msg);
}

const SECRET = new Set<string>(SECRET_HEADERS);

/** A headers object as logged: the credentials replaced, whatever case the caller wrote their names in. */
export function withoutSecretHeaders(headers: unknown): unknown {
  if (headers === null || typeof headers !== 'object') return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET.has(name.toLowerCase()) ? '[redacted]' : value]));
}

// Without the query string: filters and cursors are the caller's business, and may be long.
function pathOf(request: LoggedRequest): string {
  return (request.originalUrl ?? request.url ?? '/').split('?')[0];
}
