import type { NestExpressApplication } from '@nestjs/platform-express';
import { correlationId } from './correlation-id';
import { createValidationPipe } from './create-validation-pipe';
import { JSON_BODY_LIMIT_BYTES, JSON_MEDIA_TYPES, requireJsonBody, translateBodyParserErrors } from './json-body';
import { ProblemDetailsFilter } from './problem-details.filter';

/**
 * Everything HTTP-wide: correlation ids, JSON bodies only and of bounded size, validation and
 * problem+json errors. Call it before app.init()/app.listen(): the JSON parser set here must be in place
 * before Nest would add its default one (100 KB, errors without a type).
 */
export function configureHttp(app: NestExpressApplication): NestExpressApplication {
  app.disable('x-powered-by');
  // Order matters: the id first, so that even a refused body is answered with it.
  app.use(correlationId);
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES, type: JSON_MEDIA_TYPES });
  app.use(translateBodyParserErrors);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}
