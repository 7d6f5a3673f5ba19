import type { HttpRequest } from '../http';
import { ApplicationError } from '../common/application-error';
import { nextPageUrl, parseAccessLogQuery } from './access-log-query';
import { accessRecordOf, isRecorded } from './access-record';

describe('isRecorded', () => {
  it('records every export, and history and time travel read by auditors and admins', () => {
    const table = (['history', 'history-export', 'history-manifest', 'time-travel'] as const).map((action) =>
      [action, ...(['deal-lead', 'investor', 'auditor', 'admin'] as const).map((role) => isRecorded(action, role))].join(' '),
    );
    expect(table).toEqual([
      'history false false true true',
      'history-export true true true true',
      'history-manifest false false true true',
      'time-travel false false true true',
    ]);
  });
});

describe('accessRecordOf', () => {
  const request = {
    method: 'GET',
    originalUrl: '/rounds/r-1/history?format=csv&x[y]=1',
    url: '/rounds/r-1/history?format=csv&x[y]=1',
    is404: false,
    routeOptions: { url: '/rounds/:roundId/history' },
  } as unknown as HttpRequest;

  it('says who, what, which round, with which filter and when', () => {
    const record = accessRecordOf(
      request,
      {
        actor: { sub: 'audrey', role: 'auditor' },
        action: 'history-export',
        roundId: 'r-1',
        query: { format: 'csv', after: ['1', '2'], limit: { deep: true }, other: 'ignored' },
        parameters: ['after', 'limit', 'format'],
        correlationId: 'c-1',
      },
      new Date('2025-06-30T10:00:00+08:00'),
    );
    expect(record).toEqual({
      actor: { sub: 'audrey', role: 'auditor', investorId: null },
      action: 'history-export',
      endpoint: 'GET /rounds/:roundId/history',
      path: '/rounds/r-1/history',
      roundId: 'r-1',
      filter: { format: 'csv' },
      correlationId: 'c-1',
      accessedAt: '2025-06-30T02:00:00.000Z',
    });
  });
});

describe('parseAccessLogQuery', () => {
  const problemsOf = (query: Record<string, unknown>) => {
    try {
      parseAccessLogQuery(query);
      return [];
    } catch (error) {
      if (!(error instanceof ApplicationError)) throw error;
      expect(error.status).toBe(400);
      return error.errors.map((problem) => `${problem.field} ${problem.rule}`);
    }
  };

  it('pages from the start, 100 at a time, unless told otherwise', () => {
    expect(parseAccessLogQuery({})).toEqual({ after: null, limit: 100 });
    expect(parseAccessLogQuery({ after: '41', limit: '1000' })).toEqual({ after: 41n, limit: 1000 });
    expect(nextPageUrl(10, 41)).toBe('/access-log?limit=10&after=41');
  });

  it('names every bad parameter', () => {
    expect(problemsOf({ after: '-1', limit: '0' })).toEqual(['after revision', 'limit range']);
    for (const limit of ['1001', '1.5', '', 'all', ['1']]) expect(problemsOf({ limit })).toEqual(['limit range']);
    for (const after of ['01', '1e3', ' 1', ['1'], '1234567890123456789']) expect(problemsOf({ after })).toEqual(['after revision']);
  });
});
