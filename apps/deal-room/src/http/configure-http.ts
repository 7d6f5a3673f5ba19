import type { NestExpressApplication } from '@nestjs/platform-express';
import { TokenVerifier } from '../auth';
import { correlationId } from './correlation-id';
import { createValidationPipe } from './create-validation-pipe';
import { JSON_BODY_LIMIT_BYTES, JSON_MEDIA_TYPES, requireJsonBody, translateBodyParserErrors } from './json-body';
import { Authenticate, ProblemDetailsFilter } from './problem-details.filter';
import { configureDocs } from './openapi';
import { enforceRequestLimits } from './request-limits';
import { QueryParametersInterceptor } from './query-parameters.interceptor';
import { observeRequests, requestObserverOf } from './request-observer';
import { securityHeaders } from './security-headers';
import { serveWebApp } from './web-app';

/**
 * Everything HTTP-wide: correlation ids, security headers, JSON bodies only and of bounded size and shape,
 * validation and problem+json errors. Call it before app.init()/app.listen(): the JSON parser set here must
 * be in place before Nest would add its default one (100 KB, errors without a type). Rate limits are a
 * guard (RateLimitModule), since they need the route to know whether it is exempt.
 */
export function configureHttp(app: NestExpressApplication, options: { trustProxy?: false | number | readonly string[] } = {}): NestExpressApplication {
  app.disable('x-powered-by');
  // Decides what `req.ip` is, and so whose budget the per-IP rate limit charges.
  app.set('trust proxy', Array.isArray(options.trustProxy) ? [...options.trustProxy] : (options.trustProxy ?? false));
  // Express 5's default already, pinned: node:querystring gives flat keys and strings (arrays for repeated
  // keys), while 'extended' (qs) would build nested objects out of `?a[b]=1` and hand them to handlers.
  app.set('query parser', 'simple');
  // Order matters: timing first, then the id and the headers, so that every answer carries them, refusals included;
  // the shape of the body is checked as soon as it is parsed, before anything else reads it.
  const observer = requestObserverOf(app);
  if (observer) app.use(observeRequests(observer));
  app.use(correlationId);
  app.use(securityHeaders);
  // The page's static files (issue 16), before the JSON body checks: they are only ever read.
  serveWebApp(app);
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES, type: JSON_MEDIA_TYPES });
  app.use(translateBodyParserErrors);
  app.use(enforceRequestLimits);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new QueryParametersInterceptor());
  app.useGlobalFilters(new ProblemDetailsFilter(unknownRouteAuthentication(app)));
  configureDocs(app);
  return app;
}

// Apps built without AuthModule (some specs) have no tokens to check, and their unknown routes stay 404s.
function unknownRouteAuthentication(app: NestExpressApplication): Authenticate | undefined {
  let verifier: TokenVerifier;
  try {
    verifier = app.get(TokenVerifier, { strict: false });
  } catch {
    return undefined;
  }
  return (request) => verifier.authenticate(request);
}
