import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { logAbortedRequests, LoggedExchange, logRequests, requestLogOptions, SECRET_HEADERS } from './request-log';

function requestLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const { logger } = pinoHttp({ ...requestLogOptions('info'), stream });
  return { logger, lines };
}

const secrets = Object.fromEntries(SECRET_HEADERS.map((name, i) => [name, `secret-${i}-value`]));

describe('the request log', () => {
  it('keeps every secret header off a line, under any key the app logs headers with, in any case', () => {
    const { logger, lines } = requestLogger();
    const shouted = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name.toUpperCase(), value]));
    const request = { method: 'GET', url: '/rounds/r?x=1', headers: { ...secrets, accept: 'application/json' }, socket: { remoteAddress: '10.0.0.1' } } as unknown as IncomingMessage;
    const response = { statusCode: 200, getHeaders: () => secrets, headers: secrets } as unknown as ServerResponse;
    logger.info({ headers: { ...secrets, accept: 'application/json' } }, 'headers');
    logger.info({ headers: shouted }, 'shouted');
    logger.info({ req: request, res: response }, 'request and response');
    logger.child({ headers: secrets }).info('bound');
    const all = lines.join('\n');
    for (const value of Object.values(secrets)) expect(all).not.toContain(value);
    const [headers, , both] = lines.map((line) => JSON.parse(line));
    expect(headers.headers).toEqual({ ...Object.fromEntries(SECRET_HEADERS.map((name) => [name, '[redacted]'])), accept: 'application/json' });
    // A request and a response are logged with no header at all, and the path without its query.
    expect(both.req).toEqual({ method: 'GET', path: '/rounds/r', remoteAddress: '10.0.0.1' });
    expect(both.res).toEqual({ statusCode: 200 });
  });

  it('still logs an error with its type, message and stack', () => {
    const { logger, lines } = requestLogger();
    logger.error({ err: new TypeError('boom') }, 'failed');
    expect(JSON.parse(lines[0]).err).toMatchObject({ type: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom') });
  });

  describe('the request line', () => {
    const exchange = (url: string, statusCode: number, extra: object = {}): LoggedExchange => ({
      request: { raw: { method: 'PUT', url, headers: secrets, socket: { remoteAddress: '10.0.0.2' }, correlationId: 'req-7', ...extra } as never },
      reply: { raw: { statusCode, getHeaders: () => secrets } as unknown as ServerResponse, elapsedTime: 12.6 },
    });

    it('is one line per answered request: id, command, actor, method, path, status and time, and no header', () => {
      const { logger, lines } = requestLogger();
      const done = jest.fn();
      const actor = { sub: 'pony', role: 'investor', investorId: 'tencent', secretClaim: 'x' };

      logRequests(() => logger)(exchange('/rounds/r/commitments/tencent?x=1', 200, { command: 'MakeCommitment', actor }).request, exchange('', 200).reply, done);

      expect(done).toHaveBeenCalledTimes(1);
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]);
      expect(line).toMatchObject({
        level: 30,
        msg: 'request completed',
        requestId: 'req-7',
        command: 'MakeCommitment',
        actor: { sub: 'pony', role: 'investor', investorId: 'tencent' },
        req: { method: 'PUT', path: '/rounds/r/commitments/tencent', remoteAddress: '10.0.0.2' },
        res: { statusCode: 200 },
        responseTime: 13,
      });
      expect(line.actor.secretClaim).toBeUndefined();
      for (const value of Object.values(secrets)) expect(lines[0]).not.toContain(value);
    });

    it('logs a 5xx at error, and no probe or scrape', () => {
      const { logger, lines } = requestLogger();
      const log = logRequests(() => logger);
      const done = () => undefined;

      log(exchange('/rounds/r', 503).request, exchange('', 503).reply, done);
      for (const path of ['/health', '/health/ready', '/metrics']) log(exchange(path, 200).request, exchange('', 200).reply, done);

      expect(lines.map((line) => JSON.parse(line)).map(({ level, msg, res }) => [level, msg, res.statusCode])).toEqual([[50, 'request errored', 503]]);
    });

    it('gives a request its client abandoned one line, marked aborted, even if its answer finishes later', () => {
      const { logger, lines } = requestLogger();
      const abandoned = exchange('/rounds/r/commitments/tencent', 200, { command: 'MakeCommitment' });
      const done = jest.fn();

      logAbortedRequests(() => logger)(abandoned.request, done);
      logRequests(() => logger)(abandoned.request, abandoned.reply, done);

      expect(done).toHaveBeenCalledTimes(2);
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        expect.objectContaining({ level: 30, msg: 'request aborted', aborted: true, requestId: 'req-7', command: 'MakeCommitment', req: { method: 'PUT', path: '/rounds/r/commitments/tencent', remoteAddress: '10.0.0.2' } }),
      ]);
    });

    it('logs nothing and goes on when the app has no logger', () => {
      const done = jest.fn();

      logRequests(() => undefined)(exchange('/rounds/r', 200).request, exchange('', 200).reply, done);

      expect(done).toHaveBeenCalledTimes(1);
    });
  });
});
