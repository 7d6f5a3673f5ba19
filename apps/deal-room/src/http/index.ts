// The HTTP shell shared by every feature: problem details, validation, body parsing, limits, correlation ids.
export { configureHttp } from './configure-http';
export { CORRELATION_ID_HEADER, correlationId, correlationIdOf } from './correlation-id';
export type { CorrelatedRequest } from './correlation-id';
export { createValidationPipe, toFieldProblems } from './create-validation-pipe';
export { JSON_BODY_LIMIT_BYTES } from './json-body';
export { NoBodyPipe, ParseIdPipe } from './parse-id.pipe';
export { DOMAIN_PROBLEMS, problemType, toProblem, WRITE_PROBLEMS } from './problem-details';
export type { Problem, ProblemDetails, RequestLine } from './problem-details';
export { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter } from './problem-details.filter';
export { DEFAULT_RATE_LIMITS, parseRateLimitConfig, rateLimitConfigOrThrow } from './rate-limit-config';
export type { ParsedRateLimitConfig, RateLimitConfig } from './rate-limit-config';
export { NoRateLimit, RateLimitGuard } from './rate-limit.guard';
export { RateLimitModule } from './rate-limit.module';
export { FORBIDDEN_KEYS, MAX_ARRAY_LENGTH, MAX_JSON_DEPTH } from './request-limits';
export { DocsModule } from './docs.module';
export { buildOpenApiDocument, configureDocs, DOCS_PATH, OPENAPI_JSON_PATH } from './openapi';
export { PROBLEM_CATALOG } from './problem-catalog';
