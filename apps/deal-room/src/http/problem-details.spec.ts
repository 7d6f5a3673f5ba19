import {
  ForbiddenException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApplicationError } from '../common/application-error';
import { DOMAIN_ERROR_CODES, DomainError, DomainErrorCode, ValidationError } from '../rounds/domain';
import { toProblem } from './problem-details';

const request = { method: 'POST', path: '/rounds/r-1/commitments/tencent' };

describe('toProblem', () => {
  it('answers 503 with Retry-After when the event store client cannot reach the store, and logs it', () => {
    const { UnavailableError } = jest.requireActual('@eventstore/db-client') as { UnavailableError: new (error?: unknown) => Error };
    const problem = toProblem(new UnavailableError({ code: 14, details: 'connect ECONNREFUSED 127.0.0.1:2113', metadata: { getMap: () => ({}) } }));
    expect(problem.body).toMatchObject({ status: 503, code: 'EVENT_STORE_UNAVAILABLE' });
    expect(problem.body.detail).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(problem.headers).toMatchObject({ 'Retry-After': '1' });
    expect(problem.unexpected).toBe(true);
  });

  it('does not treat a projection that is behind as a fault', () => {
    const problem = toProblem(new ApplicationError('PROJECTION_BEHIND', 503, 'behind', [], { 'Retry-After': '1' }));
    expect(problem.body.status).toBe(503);
    expect(problem.unexpected).toBe(false);
  });

  describe('for a domain error', () => {
    it('answers a validation error with 400 and one entry per broken field rule', () => {
      const error = new ValidationError([
        { field: 'hardCap', rule: 'decimals', message: 'must have at most 2 decimals' },
        { field: 'currency', rule: 'currency', message: 'must be an ISO 4217 code' },
      ]);

      expect(toProblem(error, request)).toEqual({
        body: {
          type: '/problems/validation-failed',
          title: 'Invalid request',
          status: 400,
          detail: 'Invalid input: hardCap (decimals), currency (currency)',
          code: 'VALIDATION_FAILED',
          errors: [
            { field: 'hardCap', rule: 'decimals', message: 'must have at most 2 decimals' },
            { field: 'currency', rule: 'currency', message: 'must be an ISO 4217 code' },
          ],
          instance: '/rounds/r-1/commitments/tencent',
        },
        headers: {},
        unexpected: false,
      });
    });

    const EXPECTED: [DomainErrorCode, number][] = [
      ['FORBIDDEN', 403],
      ['NOT_COUNTERPARTY', 403],
      ['CANNOT_ACCEPT_OWN_PROPOSAL', 403],
      ['NOT_PROPOSER', 403],
      ['ROUND_TERMS_RESERVED', 403],
      ['COMMITMENT_IS_INVESTORS', 403],
      ['ROUND_NOT_FOUND', 404],
      ['TERM_NOT_FOUND', 404],
      ['ROUND_ALREADY_EXISTS', 409],
      ['TERM_PENDING', 409],
      ['TERM_ALREADY_EXISTS', 409],
      ['INVESTOR_ALREADY_ADMITTED', 409],
      ['LEAD_INVESTOR_ALREADY_ADMITTED', 409],
      ['SUBSCRIPTION_ALREADY_SIGNED', 409],
      ['SUBSCRIPTION_ALREADY_ACCEPTED', 409],
      ['SUBSCRIPTION_SIGNED', 409],
      ['FUNDING_ALREADY_RECORDED', 409],
      ['CONDITION_ALREADY_EXISTS', 409],
      ['CONDITION_ALREADY_SATISFIED', 409],
      ['CONDITION_NOT_FOUND', 404],
      ['ALLOCATION_ALREADY_PROPOSED', 409],
      ['ALLOCATION_NOT_FOUND', 404],
      ['ALLOCATION_ALREADY_APPROVED', 409],
      ['FOUR_EYES_REQUIRED', 403],
      ['INVESTOR_ALREADY_CLOSED', 409],
      ['REFUND_ALREADY_RECORDED', 409],
    ];
    const named = new Set<string>(['VALIDATION_FAILED', ...EXPECTED.map(([code]) => code)]);
    const businessRules = DOMAIN_ERROR_CODES.filter((code) => !named.has(code)).map((code): [DomainErrorCode, number] => [code, 422]);

    it.each([...EXPECTED, ...businessRules])('answers %s with %i', (code, status) => {
      const { body, unexpected } = toProblem(new DomainError(code, `Refused: ${code}`), request);

      expect(body).toMatchObject({ status, code, detail: `Refused: ${code}` });
      expect(body.type).toBe(`/problems/${code.toLowerCase().replace(/_/g, '-')}`);
      expect(body.title).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
      expect(body).not.toHaveProperty('errors');
      expect(unexpected).toBe(false);
    });

    it('names a business rule in its type and title', () => {
      const { body } = toProblem(new DomainError('ROUND_FULL', 'The round has reached its hard cap'));

      expect(body).toEqual({
        type: '/problems/round-full',
        title: 'Round full',
        status: 422,
        detail: 'The round has reached its hard cap',
        code: 'ROUND_FULL',
      });
    });
  });

  describe('for an application error', () => {
    it('keeps its status, code, field problems and headers', () => {
      const error = new ApplicationError('CONCURRENCY_CONFLICT', 409, 'Retry it.', [], { 'Retry-After': '1' });

      expect(toProblem(error, request)).toEqual({
        body: {
          type: '/problems/concurrency-conflict',
          title: 'Concurrent update conflict',
          status: 409,
          detail: 'Retry it.',
          code: 'CONCURRENCY_CONFLICT',
          instance: request.path,
        },
        headers: { 'Retry-After': '1' },
        unexpected: false,
      });
    });

    it('derives a title for a code it has never heard of', () => {
      const error = new ApplicationError('QUOTA_EXHAUSTED', 429, 'Slow down.', [
        { field: 'Idempotency-Key', rule: 'format', message: 'must be visible ASCII' },
      ]);

      expect(toProblem(error).body).toEqual({
        type: '/problems/quota-exhausted',
        title: 'Quota exhausted',
        status: 429,
        detail: 'Slow down.',
        code: 'QUOTA_EXHAUSTED',
        errors: [{ field: 'Idempotency-Key', rule: 'format', message: 'must be visible ASCII' }],
      });
    });

    it('answers a 503 as it is, and has it logged', () => {
      const error = new ApplicationError('EVENT_STORE_UNAVAILABLE', 503, 'Retry shortly.', [], { 'Retry-After': '1' });

      expect(toProblem(error)).toMatchObject({
        body: { status: 503, code: 'EVENT_STORE_UNAVAILABLE', detail: 'Retry shortly.' },
        unexpected: true,
      });
    });
  });

  describe('for a Nest HTTP exception', () => {
    it('answers an unknown route with 404 ROUTE_NOT_FOUND, without the query string', () => {
      const { body } = toProblem(new NotFoundException('Cannot GET /nope?token=secret'), { method: 'GET', path: '/nope' });

      expect(body).toEqual({
        type: '/problems/route-not-found',
        title: 'Route not found',
        status: 404,
        detail: 'No route matches GET /nope',
        code: 'ROUTE_NOT_FOUND',
        instance: '/nope',
      });
    });

    it.each([
      ['MethodNotAllowed', new MethodNotAllowedException(), 405, 'METHOD_NOT_ALLOWED', 'Method Not Allowed', 'Method Not Allowed'],
      // A guard that returns false; the title is the one FORBIDDEN has everywhere.
      ['Forbidden', new ForbiddenException('Forbidden resource'), 403, 'FORBIDDEN', 'Not allowed', 'Forbidden resource'],
    ])('answers %sException by its status', (_name, exception, status, code, title, detail) => {
      expect(toProblem(exception).body).toEqual({ type: expect.any(String), title, status, detail, code });
    });

    it.each([
      ['InternalServerError', new InternalServerErrorException('pool exhausted at db.ts:42'), 500, 'INTERNAL_ERROR'],
      ['ServiceUnavailable', new ServiceUnavailableException('upstream 10.0.0.7 down'), 503, 'SERVICE_UNAVAILABLE'],
    ])('answers %sException with a generic detail', (_name, exception, status, code) => {
      const problem = toProblem(exception);

      expect(problem.body).toMatchObject({ status, code });
      expect(problem.body.detail).not.toContain(exception.message);
      expect(problem.unexpected).toBe(true);
    });
  });

  it.each([
    [{ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }, 413, 'PAYLOAD_TOO_LARGE', 'larger than the limit of 65536 bytes'],
    [{ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }, 415, 'UNSUPPORTED_MEDIA_TYPE', 'must be JSON'],
    [{ code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', statusCode: 400 }, 400, 'INCOMPLETE_BODY', 'ended before its declared length'],
  ])('answers the Fastify body error %j', (error, status, code, detail) => {
    const { body } = toProblem(Object.assign(new Error('from the parser'), error));

    expect(body).toMatchObject({ status, code, detail: expect.stringContaining(detail) });
  });

  it.each([
    ['an Error', new TypeError("Cannot read properties of undefined (reading 'hardCap')")],
    ['a string', 'connection string esdb://admin:changeit@db:2113 refused'],
    ['an object with a status', Object.assign(new Error('internal'), { status: 400 })],
  ])('answers %s with 500 and nothing of its message or stack', (_case, error) => {
    const problem = toProblem(error, request);

    expect(problem).toEqual({
      body: {
        type: '/problems/internal-error',
        title: 'Internal error',
        status: 500,
        detail: expect.stringMatching(/^The server failed to handle this request\./),
        code: 'INTERNAL_ERROR',
        instance: request.path,
      },
      headers: {},
      unexpected: true,
    });
    const sent = JSON.stringify(problem.body);
    expect(sent).not.toMatch(/hardCap|changeit|internal"|\bat \S+:\d+/);
  });

  it('lists the first 20 field problems, counts the rest, and cuts long echoes at 200 characters', () => {
    const errors = Array.from({ length: 6500 }, (_, i) => ({ field: i === 0 ? 'k'.repeat(60_000) : `k${i}`, rule: 'unknown-field', message: `property k${i} should not exist` }));

    const { body } = toProblem(new ApplicationError('VALIDATION_FAILED', 400, 'Invalid request', errors), request);

    expect(body.errors).toHaveLength(20);
    expect(body.errorsOmitted).toBe(6480);
    expect(body.errors![0].field).toBe(`${'k'.repeat(199)}…`);
    expect(body.errors![1]).toEqual({ field: 'k1', rule: 'unknown-field', message: 'property k1 should not exist' });
  });

  it('says nothing of omitted problems when there are none', () => {
    const { body } = toProblem(new ApplicationError('VALIDATION_FAILED', 400, 'Invalid request', [{ field: 'a', rule: 'r', message: 'm' }]), request);

    expect(body).not.toHaveProperty('errorsOmitted');
  });
});
