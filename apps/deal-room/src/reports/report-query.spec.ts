import { ApplicationError } from '../common/application-error';
import { nextPageUrl, parseBookQuery, parseListQuery } from './report-query';

const problemsOf = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    if (error instanceof ApplicationError) return error.errors.map(({ field, rule }) => ({ field, rule }));
    throw error;
  }
  throw new Error('the query was accepted');
};

describe('report queries', () => {
  it('reads a page: 100 rows from the start by default, the filters as the rows hold them', () => {
    expect(parseListQuery({})).toEqual({ format: 'json', filter: {}, after: null, limit: 100 });
    expect(
      parseListQuery({ after: 'round-9', limit: '1000', status: 'closed', currency: 'JPY', company: 'Acme', openedFrom: '2025-01-01T08:00:00+08:00', openedTo: '2025-02-01T00:00:00.5Z' }),
    ).toEqual({
      format: 'json',
      after: 'round-9',
      limit: 1000,
      filter: { status: 'closed', currency: 'JPY', company: 'Acme', openedFrom: '2025-01-01T00:00:00.000Z', openedTo: '2025-02-01T00:00:00.500Z' },
    });
    expect(parseListQuery({ format: 'csv', status: 'open', minPosition: '7', maxWait: '10' })).toEqual({ format: 'csv', filter: { status: 'open' } });
  });

  it('names every bad parameter in one refusal', () => {
    expect(
      problemsOf(() =>
        parseListQuery({ status: 'draft', currency: 'XXX', company: '', openedFrom: '2025-01-01T00:00:00', limit: '0', after: 'a/b', format: ['csv', 'json'] }),
      ),
    ).toEqual([
      { field: 'format', rule: 'single' },
      { field: 'status', rule: 'one-of' },
      { field: 'currency', rule: 'currency' },
      { field: 'company', rule: 'length' },
      { field: 'openedFrom', rule: 'iso-8601' },
      { field: 'after', rule: 'round-id' },
      { field: 'limit', rule: 'range' },
    ]);
    expect(problemsOf(() => parseListQuery({ limit: '1001' }))).toEqual([{ field: 'limit', rule: 'range' }]);
    expect(problemsOf(() => parseListQuery({ openedFrom: '2025-01-02T00:00:00Z', openedTo: '2025-01-02T00:00:00Z' }))).toEqual([
      { field: 'openedTo', rule: 'after-opened-from' },
    ]);
  });

  it('refuses a page of the CSV, which is the whole report', () => {
    expect(problemsOf(() => parseListQuery({ format: 'csv', after: 'round-1', limit: '5' }))).toEqual([
      { field: 'after', rule: 'not-with-export' },
      { field: 'limit', rule: 'not-with-export' },
    ]);
  });

  it('reads the format of a round book, the read consistency left to ReadConsistencyOf', () => {
    expect(parseBookQuery({ format: 'csv', minPosition: '3' })).toBe('csv');
    expect(problemsOf(() => parseBookQuery({ format: 'xml' }))).toEqual([
      { field: 'format', rule: 'one-of' },
    ]);
  });

  it('links the next page with the same query, after moved on', () => {
    expect(nextPageUrl('/reports/rounds', { status: 'open', after: 'round-1', limit: '2' }, 'round-3')).toBe('/reports/rounds?status=open&limit=2&after=round-3');
  });
});
