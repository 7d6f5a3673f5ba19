import { ApplicationError } from '../common/application-error';
import { nextPageUrl, parseHistoryQuery } from './history-query';

const problems = (query: Record<string, unknown>) => {
  try {
    parseHistoryQuery(query);
  } catch (error) {
    if (error instanceof ApplicationError) return error.errors.map(({ field, rule }) => `${field}:${rule}`);
    throw error;
  }
  throw new Error('expected the query to be refused');
};

describe('parseHistoryQuery', () => {
  it('pages 100 from the start unless told otherwise', () => {
    expect(parseHistoryQuery({})).toEqual({ format: 'json', after: null, limit: 100 });
    expect(parseHistoryQuery({ after: '41', limit: '1000', format: 'json' })).toEqual({ format: 'json', after: 41n, limit: 1000 });
    expect(parseHistoryQuery({ format: 'csv' })).toEqual({ format: 'csv' });
    expect(parseHistoryQuery({ format: 'jsonl' })).toEqual({ format: 'jsonl' });
  });

  it('names every bad parameter', () => {
    expect(problems({ after: '-1', limit: '0' })).toEqual(['after:revision', 'limit:range']);
    expect(problems({ limit: '1001' })).toEqual(['limit:range']);
    expect(problems({ limit: '2.5' })).toEqual(['limit:range']);
    expect(problems({ after: ['1', '2'] })).toEqual(['after:revision']);
    expect(problems({ format: 'xml' })).toEqual(['format:one-of']);
    expect(problems({ format: 'csv', after: '3', limit: '5' })).toEqual(['after:not-with-export', 'limit:not-with-export']);
  });
});

describe('nextPageUrl', () => {
  it('keeps the query and moves `after` on', () => {
    expect(nextPageUrl('/rounds/r-1/history', { limit: '2', after: '3' }, 5)).toBe('/rounds/r-1/history?limit=2&after=5');
    expect(nextPageUrl('/rounds/r-1/history', {}, 99)).toBe('/rounds/r-1/history?after=99');
  });
});
