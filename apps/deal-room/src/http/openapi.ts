import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Public, Roles } from '../auth';
import { CURRENCIES, ID_PATTERN, MAX_AMOUNT_DIGITS } from '../kernel';
import { MAX_BOARD_SEATS, MAX_CUSTOM_TERM_LENGTH, WELL_KNOWN_TERM_KEYS } from '../rounds/domain';
import { EXAMPLES, OPERATIONS } from './openapi-operations';
import { PROBLEM_CATALOG, ProblemCode } from './problem-catalog';
import { problemType } from './problem-details';
import { PROBLEM_CONTENT_TYPE } from './problem-details.filter';

export const DOCS_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'docs/openapi.json';

const IS_PUBLIC: string = Public().KEY;
const REQUIRED_ROLES: string = Roles('admin').KEY;

const DESCRIPTION = [
  'Negotiate private funding rounds, every change an event with a provable history.',
  '',
  'Every route but the health probes, `/metrics`, `/docs` and `/problems` needs `Authorization: Bearer <JWT>` (HS256',
  'with the shared secret by default; `npm run token` mints one). Amounts are decimal strings in the major unit of',
  'the currency (`"1000000.00"` USD is one million dollars), never JSON numbers. Errors are RFC 9457',
  '`application/problem+json` with a stable `code`; each `type` resolves to a page explaining that code.',
  'Every answer carries `X-Request-Id` (the caller\'s, when it is a sane id, else a new UUID); logs carry the same id.',
].join('\n');

/** The problems any authenticated route may answer with. */
const COMMON_PROBLEMS: readonly ProblemCode[] = ['VALIDATION_FAILED', 'FORBIDDEN_KEY', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'IDENTITY_PROVIDER_UNAVAILABLE', 'EVENT_STORE_UNAVAILABLE'];
const BODY_PROBLEMS: readonly ProblemCode[] = ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'INCOMPLETE_BODY', 'BODY_TOO_DEEP', 'ARRAY_TOO_LONG'];
const WRITE_PROBLEMS: readonly ProblemCode[] = ['REVISION_MISMATCH', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED'];

const AMOUNT_FIELDS = new Set(['amount', 'targetAmount', 'hardCap', 'minimumAmount', 'minimumTicket', 'maxTicket']);
const ID_FIELDS = new Set(['roundId', 'investorId', 'termId', 'supersedes']);

/** The OpenAPI 3 document: what the plugin read from DTOs and controllers, completed with what it cannot read. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Deal Room')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT with sub, role (deal-lead, investor, auditor, admin), investorId for investors, and exp.' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  completeDocument(document, routeAccess(app));
  return document;
}

/** Serves the UI at /docs and the document at /docs/openapi.json; the document is built on the first request. */
export function configureDocs(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(DOCS_PATH, app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Deal Room API',
  });
}

interface Access {
  readonly public: boolean;
  readonly roles: readonly string[] | undefined;
}

/** @Public() and @Roles() of every route, by the operationId the document gives it. */
function routeAccess(app: INestApplication): Map<string, Access> {
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const read = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        access.set(`${controller.name}_${name}`, { public: read<boolean>(IS_PUBLIC) === true, roles: read<string[]>(REQUIRED_ROLES) });
      }
    }
  }
  return access;
}

function completeDocument(document: OpenAPIObject, access: Map<string, Access>): void {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  Object.assign(schemas, SHARED_SCHEMAS);
  components.examples = Object.fromEntries(
    [...PROBLEM_CATALOG.values()].map(({ code, status, title, explanation }) => [
      code,
      { summary: title, value: { type: problemType(code), title, status, detail: explanation.replace(/`/g, ''), code } },
    ]),
  );
  for (const [name, schema] of Object.entries(schemas)) completeSchema(name, schema as SchemaObject);

  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) completeOperation(operation, access.get(operation.operationId ?? ''));
    }
  }
}

function completeSchema(name: string, schema: SchemaObject): void {
  const examples = EXAMPLES[name] ?? {};
  for (const [field, property] of Object.entries(schema.properties ?? {}) as [string, SchemaObject][]) {
    if (field === 'currency' && property.type === 'string') Object.assign(property, { enum: [...CURRENCIES], description: 'ISO 4217 code; the round\'s currency.' });
    if (AMOUNT_FIELDS.has(field) && property.type === 'string') {
      Object.assign(property, {
        pattern: AMOUNT_PATTERN,
        description: `A decimal string in the major unit of the currency, with at most its decimals (2 for CNY, USD, EUR, GBP, HKD, SGD; none for JPY, KRW): "1000000.00" USD is one million dollars. No sign, exponent or zero; at most ${MAX_AMOUNT_DIGITS} digits.`,
      });
    }
    if (ID_FIELDS.has(field) && property.type === 'string') property.pattern = ID_PATTERN.source;
    if (field in examples) property.example = examples[field];
  }
  if (name === 'ProposeTermRequest' && schema.properties) {
    schema.properties.key = {
      type: 'string',
      description: `One of ${WELL_KNOWN_TERM_KEYS.join(', ')}, or a custom key x-[a-z0-9-]{1,64}. The shape of value depends on it.`,
      pattern: `^(${WELL_KNOWN_TERM_KEYS.join('|')}|x-[a-z0-9-]{1,64})$`,
      example: 'liquidation-preference',
    };
    schema.properties.value = {
      description: 'By key: valuation {amount, basis}; round-size {targetAmount, hardCap}; liquidation-preference {multiple, participating}; board-seats an integer; pro-rata-rights a boolean; x-... a string. Amounts are in the round\'s currency.',
      oneOf: ['TermValuation', 'TermRoundSize', 'TermLiquidationPreference', 'TermBoardSeats', 'TermProRataRights', 'TermCustom'].map((term) => ({ $ref: `#/components/schemas/${term}` })),
      example: { multiple: '1', participating: false },
    };
  }
}

function completeOperation(operation: OperationObject, access: Access | undefined): void {
  const known = OPERATIONS[operation.operationId ?? ''];
  const isPublic = access?.public === true;
  if (isPublic) operation.security = [];
  const roles = access?.roles;
  if (known) operation.summary = known.summary;
  if (roles) operation.description = [operation.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n');

  const parameters = (operation.parameters ??= []) as { name: string; in: string; schema?: SchemaObject; description?: string }[];
  for (const parameter of parameters) {
    if (parameter.in === 'path' && parameter.name !== 'name') parameter.schema = { type: 'string', pattern: ID_PATTERN.source };
  }
  parameters.push(...((known?.query ?? []) as typeof parameters));
  parameters.push({ name: 'X-Request-Id', in: 'header', description: 'Your id for this request (1-128 of A-Za-z0-9._:-); echoed, logged and recorded. A new UUID otherwise.', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } });
  if (known?.write) {
    parameters.push(
      { name: 'If-Match', in: 'header', description: 'The revision the write was decided on ("<revision>", the ETag of a read): 412 if the round moved on (for an investor: if what it sees of the round changed).', schema: { type: 'string', example: '"3"' } },
      { name: 'Idempotency-Key', in: 'header', description: 'A retry under the same key gets the first answer again, with Idempotent-Replayed: true, and writes nothing.', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } },
    );
  }

  const responses: Record<string, ResponseObject> = {};
  const successStatus = String(known?.status ?? Object.keys(operation.responses).find((status) => status.startsWith('2')) ?? 200);
  const success: ResponseObject = { description: known?.answer ?? (operation.responses[successStatus] as ResponseObject | undefined)?.description ?? 'OK' };
  if (known?.schema) success.content = { 'application/json': { schema: known.schema } };
  if (known?.write) {
    success.headers = {
      ETag: { description: 'The round\'s new revision, quoted; an investor\'s own count of the changes it can see.', schema: { type: 'string' } },
      'X-Event-Position': { description: 'The commit position of the last event written (sealed for an investor, p1.<48 base64url>): give it as minPosition to read your write.', schema: { type: 'string' } },
      'Idempotent-Replayed': { description: 'true when this is the stored answer to an earlier request under the same Idempotency-Key.', schema: { type: 'string' } },
    };
  }
  responses[successStatus] = success;
  if (known?.alsoOk) responses['200'] = { ...success, description: known.alsoOk };

  const codes = new Set<ProblemCode>(isPublic ? [] : COMMON_PROBLEMS);
  if (operation.requestBody) BODY_PROBLEMS.forEach((code) => codes.add(code));
  if (known?.write) WRITE_PROBLEMS.forEach((code) => codes.add(code));
  (known?.problems ?? []).forEach((code) => codes.add(code));
  if (!roles) codes.delete('FORBIDDEN');
  Object.assign(responses, problemResponses([...codes]));
  operation.responses = responses;
}

/** One response per status, its schema the problem with `code` narrowed to the codes of that status, one example each. */
function problemResponses(codes: readonly ProblemCode[]): Record<string, ResponseObject> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const entry = PROBLEM_CATALOG.get(code);
    if (!entry) continue;
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), code]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, list] of [...byStatus.entries()].sort(([a], [b]) => a - b)) {
    const entries = list.map((code) => PROBLEM_CATALOG.get(code)!);
    responses[String(status)] = {
      description: entries.map(({ code, title }) => `${code}: ${title}`).join('; '),
      content: {
        [PROBLEM_CONTENT_TYPE.split(';')[0]]: {
          schema: { allOf: [{ $ref: '#/components/schemas/ProblemDetails' }, { type: 'object', properties: { code: { type: 'string', enum: list }, status: { type: 'integer', enum: [status] } } }] },
          examples: Object.fromEntries(entries.map(({ code }) => [code, { $ref: `#/components/examples/${code}` }])),
        },
      },
    };
  }
  return responses;
}

const AMOUNT_PATTERN = '^(0|[1-9][0-9]*)(\\.[0-9]+)?$';
const amount = (description: string, example: string): SchemaObject => ({ type: 'string', pattern: AMOUNT_PATTERN, description, example });

const SHARED_SCHEMAS: Record<string, SchemaObject> = {
  Currency: { type: 'string', enum: [...CURRENCIES], description: 'ISO 4217 code. CNY, USD, EUR, GBP, HKD and SGD have 2 decimals; JPY and KRW none.' },
  DecimalAmount: amount('A decimal string in the major unit of the currency ("1000000.00" USD is one million dollars).', '15000000000.00'),
  FieldProblem: {
    type: 'object',
    properties: {
      field: { type: 'string', description: 'Dotted path of the field (valuation.amount, value.hardCap), or (body).', example: 'amount' },
      rule: { type: 'string', description: 'The rule it broke (format, decimals, unknown-field, ...).', example: 'decimals' },
      message: { type: 'string', example: 'CNY allows at most 2 decimal places' },
    },
    required: ['field', 'rule', 'message'],
  },
  ProblemDetails: {
    type: 'object',
    description: 'RFC 9457 problem details, with a stable code.',
    properties: {
      type: { type: 'string', format: 'uri-reference', description: 'Resolves to a page explaining the code: /problems/<code in kebab case>.', example: '/problems/round-full' },
      title: { type: 'string', example: 'Round full' },
      status: { type: 'integer', example: 422 },
      detail: { type: 'string', example: 'The book would pass the hard cap.' },
      code: { type: 'string', enum: [...PROBLEM_CATALOG.keys()], example: 'ROUND_FULL' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldProblem' }, description: 'For invalid input: one entry per broken rule.' },
      instance: { type: 'string', description: 'The request path.', example: '/rounds/series-c/commitments/tencent' },
    },
    required: ['type', 'title', 'status', 'detail', 'code'],
  },
  ProjectionStatus: {
    type: 'object',
    properties: {
      name: { type: 'string', example: 'round-summaries' },
      state: { type: 'string', enum: ['catching-up', 'live', 'rebuilding', 'failed'] },
      checkpoint: { type: 'string', nullable: true, description: 'Commit position the read model is at, a decimal string; null before its first event.' },
      headPosition: { type: 'string', nullable: true, description: 'Commit position of the last event in the store, a decimal string.' },
      lag: { type: 'integer', nullable: true, description: 'head minus checkpoint: events on the embedded store, bytes on EventStoreDB.' },
      error: { type: 'string', nullable: true },
      lastEventAt: { type: 'string', format: 'date-time', nullable: true },
      eventsApplied: { type: 'integer' },
      rebuild: { type: 'object', nullable: true },
    },
  },
  TermValuation: {
    type: 'object',
    properties: { amount: amount('In the round\'s currency.', '350000000000.00'), basis: { type: 'string', enum: ['pre-money', 'post-money'] } },
    required: ['amount', 'basis'],
    additionalProperties: false,
  },
  TermRoundSize: {
    type: 'object',
    properties: { targetAmount: amount('In the round\'s currency.', '50000000000.00'), hardCap: amount('In the round\'s currency.', '60000000000.00') },
    required: ['targetAmount', 'hardCap'],
    additionalProperties: false,
  },
  TermLiquidationPreference: {
    type: 'object',
    properties: {
      multiple: { type: 'string', pattern: '^(0|[1-9][0-9]?)(\\.[0-9]{1,2})?$', description: 'Greater than 0, at most 10, at most 2 decimals.', example: '1.5' },
      participating: { type: 'boolean' },
    },
    required: ['multiple', 'participating'],
    additionalProperties: false,
  },
  TermBoardSeats: { type: 'integer', minimum: 0, maximum: MAX_BOARD_SEATS, example: 1 },
  TermProRataRights: { type: 'boolean', example: true },
  TermCustom: { type: 'string', maxLength: MAX_CUSTOM_TERM_LENGTH, example: 'Drag-along at 75 % of preferred' },
};
