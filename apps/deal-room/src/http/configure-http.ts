import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import { TokenVerifier } from '../auth';
import { correlationId } from './correlation-id';
import { createValidationPipe } from './create-validation-pipe';
import { JSON_BODY_LIMIT_BYTES, JSON_MEDIA_TYPE, notJson, parseJsonBody } from './json-body';
import { Authenticate, ProblemDetailsFilter } from './problem-details.filter';
import { configureDocs } from './openapi';
import { enforceRequestLimits } from './request-limits';
import { QueryParametersInterceptor } from './query-parameters.interceptor';
import { observeRequests, requestObserverOf } from './request-observer';
import { logAbortedRequests, logRequests } from './request-log';
import { securityHeaders } from './security-headers';
import { serveWebApp } from './web-app';

/**
 * Everything HTTP-wide, on an app built on createHttpAdapter(): correlation ids, security headers, JSON
 * bodies only and of bounded size and shape, validation and problem+json errors. Call it before
 * app.init()/app.listen(): the body parsers set here replace Nest's defaults (which would also take
 * form bodies). Rate limits are a guard (RateLimitModule), since they need the route to know whether it
 * is exempt. Fastify sends no X-Powered-By.
 */
export function configureHttp(app: NestFastifyApplication): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  // Every answer, refusals included, carries the id and the headers: they are set as the request arrives.
  fastify.addHook('onRequest', correlationId);
  fastify.addHook('onRequest', securityHeaders);
  const observer = requestObserverOf(app);
  if (observer) fastify.addHook('onResponse', observeRequests(observer));
  // The request line, once the answer is out; apps built without the LoggerModule (some specs) log none.
  const logger = () => PinoLogger.root as PinoLogger['logger'] | undefined;
  fastify.addHook('onResponse', logRequests(logger));
  fastify.addHook('onRequestAbort', logAbortedRequests(logger));

  // JSON only. Fastify reads at most the limit, then parseJsonBody inflates, decodes and parses it; a body
  // of any other type (or of none named) is refused by the catch-all parser before it is read.
  fastify.removeAllContentTypeParsers();
  app.useBodyParser(JSON_MEDIA_TYPE, { bodyLimit: JSON_BODY_LIMIT_BYTES }, (request, body, done) => {
    try {
      done(null, parseJsonBody(request.headers, body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(notJson(), undefined));
  // The shape of the body (and the query string) is checked as soon as it is parsed, before any guard.
  fastify.addHook('preValidation', enforceRequestLimits);

  // The page's static files (issue 16): only ever read, and refused a body like any route.
  serveWebApp(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new QueryParametersInterceptor());
  app.useGlobalFilters(new ProblemDetailsFilter(unknownRouteAuthentication(app)));
  configureDocs(app);
  return app;
}

// Apps built without AuthModule (some specs) have no tokens to check, and their unknown routes stay 404s.
function unknownRouteAuthentication(app: NestFastifyApplication): Authenticate | undefined {
  let verifier: TokenVerifier;
  try {
    verifier = app.get(TokenVerifier, { strict: false });
  } catch {
    return undefined;
  }
  return (request) => verifier.authenticate(request);
}
