import type { ServerResponse } from 'node:http';
import { ArgumentsHost, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApplicationError } from '../common/application-error';
import { ProblemDetailsFilter } from './problem-details.filter';
import { problemCodeOf } from './request-observer';

/** Just the parts of a Node response the filter touches, recording what it was told. */
class FakeResponse {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  destroyed = false;
  readonly headers = new Map<string, string>();
  body: string | undefined;

  setHeader(name: string, value: string): void {
    this.headers.set(name.toLowerCase(), value);
  }

  end(body: string): void {
    this.body = body;
    this.writableEnded = true;
  }

  destroy(): void {
    this.destroyed = true;
  }

  json(): unknown {
    return JSON.parse(this.body ?? 'null');
  }
}

/** A Fastify reply over a Node response: what the filter is given for every error under Fastify. */
class FakeReply {
  readonly raw = new FakeResponse();
  status = 200;
  readonly headers = new Map<string, string>();
  payload: string | undefined;

  code(status: number): this {
    this.status = status;
    return this;
  }

  header(name: string, value: string): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  send(payload: string): this {
    this.payload = payload;
    return this;
  }
}

function hostFor(response: FakeResponse | FakeReply, url = '/rounds/r-1?verbose=1'): ArgumentsHost {
  const request = { method: 'POST', url, originalUrl: url, correlationId: 'trace-42' };
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response, getNext: () => undefined }),
  } as unknown as ArgumentsHost;
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => logged.mockRestore());

  it('writes problem+json with the error headers, keeping the correlation id already set', () => {
    const response = new FakeResponse();
    response.setHeader('X-Correlation-Id', 'trace-42');

    filter.catch(new ApplicationError('REVISION_MISMATCH', 412, 'Read it again.', [], { ETag: '"7"' }), hostFor(response));

    expect(response.statusCode).toBe(412);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.headers.get('x-correlation-id')).toBe('trace-42');
    expect(response.headers.get('etag')).toBe('"7"');
    expect(response.json()).toEqual({
      type: '/problems/revision-mismatch',
      title: 'Revision mismatch',
      status: 412,
      detail: 'Read it again.',
      code: 'REVISION_MISMATCH',
      instance: '/rounds/r-1',
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers through the Fastify reply when there is one, so that its hooks see the answer, and notes the code on the response', () => {
    const reply = new FakeReply();

    filter.catch(new ApplicationError('REVISION_MISMATCH', 412, 'Read it again.', [], { ETag: '"7"' }), hostFor(reply));

    expect(reply.status).toBe(412);
    expect(reply.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(reply.headers.get('etag')).toBe('"7"');
    expect(JSON.parse(reply.payload ?? 'null')).toMatchObject({ code: 'REVISION_MISMATCH', instance: '/rounds/r-1' });
    // Nothing written past Fastify: the node response is left to it.
    expect(reply.raw.body).toBeUndefined();
    expect(problemCodeOf(reply.raw as unknown as ServerResponse)).toBe('REVISION_MISMATCH');
  });

  it('cuts a Fastify answer short when part of it was already sent', () => {
    const reply = new FakeReply();
    reply.raw.headersSent = true;

    filter.catch(new Error('stream broke'), hostFor(reply));

    expect(reply.raw.destroyed).toBe(true);
    expect(reply.payload).toBeUndefined();
  });

  it('logs an unexpected error with its stack, and sends neither', () => {
    const response = new FakeResponse();
    const error = new RangeError('BigInt 12.5 is not an integer');

    filter.catch(error, hostFor(response));

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('BigInt');
    expect(response.body).not.toContain('problem-details.filter.spec');
    expect(logged).toHaveBeenCalledWith('POST /rounds/r-1 [trace-42] failed: BigInt 12.5 is not an integer', error.stack);
  });

  it('passes a failed terminus health check through as terminus shaped it', () => {
    const response = new FakeResponse();
    const result = { status: 'error', info: {}, error: { eventstore: { status: 'down' } }, details: {} };

    filter.catch(new ServiceUnavailableException(result), hostFor(response, '/health'));

    expect(response.statusCode).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual(result);
  });

  it('cuts a response short when part of it was already sent', () => {
    const response = new FakeResponse();
    response.headersSent = true;

    filter.catch(new Error('stream broke'), hostFor(response));

    expect(response.destroyed).toBe(true);
    expect(response.body).toBeUndefined();
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
