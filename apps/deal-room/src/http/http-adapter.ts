import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApplicationError } from '../common/application-error';
import { answerClientError } from './client-errors';
import { correlationId, correlationIdOf } from './correlation-id';
import { pathOf } from './http-request';
import { fromFastifyError, JSON_BODY_LIMIT_BYTES } from './json-body';
import { toProblem } from './problem-details';
import { PROBLEM_CONTENT_TYPE } from './problem-details.filter';
import { securityHeaders } from './security-headers';

/** As the app's configuration reads TRUST_PROXY (spelt out here: config imports from http, not the reverse). */
export type TrustProxy = false | number | readonly string[];

export interface HttpAdapterOptions {
  /** Decides what `request.ip` is, and so whose budget the per-IP rate limit charges (TRUST_PROXY). */
  readonly trustProxy?: TrustProxy;
}

// Longer than any path a client can send in its request line: an id is refused by its pipe (400), never by the router.
const MAX_PARAM_LENGTH = 16 * 1024;

/**
 * The app's HTTP server: Fastify, with what must be decided when it is created.
 *
 * - `trustProxy` as TRUST_PROXY says, with Express's meaning: false, a hop count (the nearest n hops are
 *   proxies), or a list of addresses/CIDRs/named ranges read by the same proxy-addr rules.
 * - The request id is Fastify's own (`genReqId`): the caller's sane X-Request-Id, else a new UUID.
 * - Routing case-insensitive as Express routed, and ids of any length reaching their pipe (Fastify's default
 *   100-character cap on a parameter would answer 404 instead of 400). Unlike Express, a trailing slash is
 *   part of the path (`/rounds/` is an unknown route): ignoring it would also take `/app/` to `/app`, whose
 *   only answer is the redirect to `/app/`.
 * - `keepAliveTimeout` is Node's default, 5 s (Fastify's own is 72 s); the other server timeouts are
 *   applyServerTimeouts'.
 * - What Node's HTTP server refuses before a request exists (malformed HTTP, headers over the limit, a
 *   request cut by the timeouts) is answered as a problem too (answerClientError).
 * - The query string is parsed flat (Fastify's default, fast-querystring): keys to strings, an array for a
 *   repeated key, never nested objects from `?a[b]=1`.
 */
export function createHttpAdapter(options: HttpAdapterOptions = {}): FastifyAdapter {
  return new DealRoomFastifyAdapter({
    trustProxy: trustProxyOption(options.trustProxy ?? false),
    genReqId: (request: IncomingMessage) => correlationIdOf(request),
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    keepAliveTimeout: 5_000,
    routerOptions: { caseSensitive: false, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerUndecodablePath,
    clientErrorHandler: answerClientError,
  });
}

/**
 * A path that is not valid percent-encoding (`/rounds/%E0%A4%A`) is refused by Fastify's router before
 * any hook runs; Fastify's own answer would be bare JSON without the request id or the security headers.
 * It gets both, and the 400 problem an undecodable path parameter got on Express.
 */
function answerUndecodablePath(_error: Error, request: FastifyRequest, reply: FastifyReply): void {
  correlationId(request, reply, () => undefined);
  securityHeaders(request, reply, () => {
    const { body } = toProblem(new ApplicationError('MALFORMED_REQUEST', 400, 'The request path is not valid percent-encoding'), { method: request.method, path: pathOf(request) });
    reply.code(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  });
}

function trustProxyOption(trustProxy: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (trustProxy === false) return false;
  // Fastify from 5.12 on reads a bare number as "trust nothing"; Express (and TRUST_PROXY) read it as that many hops.
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return [...trustProxy];
}

/**
 * Fastify answers some refusals itself before any route runs (a body over the limit, a malformed
 * Content-Type, a body shorter than its Content-Length); Nest's error handler would turn them into bare
 * HttpExceptions without their code. They are translated here into the app's own refusals first, so that
 * the problem filter answers them exactly as it answers every other refusal.
 */
class DealRoomFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(handler: ErrorHandler) {
    return super.setErrorHandler(function (this: ThisParameterType<ErrorHandler>, error, request, reply) {
      return handler.call(this, fromFastifyError(error) ?? error, request, reply);
    });
  }
}

type ErrorHandler = Parameters<FastifyAdapter['setErrorHandler']>[0];
