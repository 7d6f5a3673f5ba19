import { ApplicationError } from '../../common/application-error';
import { parseReadConsistency } from './read-consistency';

function problemFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ApplicationError)) throw error;
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    return error.errors.map((e) => e.field);
  }
  throw new Error('expected a 400');
}

describe('parseReadConsistency', () => {
  it('asks for nothing when no position is given', () => {
    expect(parseReadConsistency({}, {})).toBeNull();
    expect(parseReadConsistency({ maxWait: '100' }, {})).toBeNull();
  });

  it('reads the position from the query or the header, with the default or given wait', () => {
    expect(parseReadConsistency({ minPosition: '42' }, {})).toEqual({ minPosition: 42n, maxWaitMs: 5000 });
    expect(parseReadConsistency({}, { 'x-min-position': '18446744073709551615' })).toEqual({
      minPosition: 18446744073709551615n,
      maxWaitMs: 5000,
    });
    expect(parseReadConsistency({ minPosition: '7', maxWait: '0' }, { 'x-min-position': '7' })).toEqual({ minPosition: 7n, maxWaitMs: 0 });
  });

  it.each(['', '-1', '1.5', '01', '1e3', ' 4', '0x10', '18446744073709551616', 'abc'])('refuses minPosition=%j', (raw) => {
    expect(problemFields(() => parseReadConsistency({ minPosition: raw }, {}))).toEqual(['minPosition']);
    expect(problemFields(() => parseReadConsistency({}, { 'x-min-position': raw }))).toEqual(['X-Min-Position']);
  });

  it('refuses a repeated or conflicting position and a wait out of range', () => {
    expect(problemFields(() => parseReadConsistency({ minPosition: ['1', '2'] }, {}))).toEqual(['minPosition']);
    expect(problemFields(() => parseReadConsistency({ minPosition: '1' }, { 'x-min-position': '2' }))).toEqual(['minPosition']);
    expect(problemFields(() => parseReadConsistency({ minPosition: '1', maxWait: '10001' }, {}))).toEqual(['maxWait']);
    expect(problemFields(() => parseReadConsistency({ minPosition: '1', maxWait: '-5' }, {}))).toEqual(['maxWait']);
  });
});
