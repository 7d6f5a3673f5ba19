import { roundOpened } from '../../../../../test/support/rounds/round.fixtures';
import { storedStream } from '../../../../../test/support/audit/audit.fixtures';
import { instantOf, isWithin, parsePointInTime, pointInTimeOfQuery, recordedTimeOf } from './point-in-time';

describe('parsePointInTime', () => {
  it('reads a revision or an instant, and neither means now', () => {
    expect(parsePointInTime('7', undefined)).toEqual({ ok: true, point: { kind: 'revision', atRevision: 7n } });
    expect(parsePointInTime(undefined, '2025-03-01T17:00:00+08:00')).toEqual({
      ok: true,
      point: { kind: 'time', asOf: '2025-03-01T17:00:00+08:00', epochMs: Date.parse('2025-03-01T09:00:00Z') },
    });
    expect(parsePointInTime(undefined, undefined)).toEqual({ ok: true, point: null });
  });

  it('names the offending field, under the caller\'s names', () => {
    const fields = (parsed: ReturnType<typeof parsePointInTime>) => (parsed.ok ? [] : parsed.problems.map((p) => `${p.field}:${p.rule}`));
    expect(fields(parsePointInTime('1', '2025-03-01T00:00:00Z'))).toEqual(['atRevision:exclusive', 'asOf:exclusive']);
    for (const bad of ['-1', '1.0', '01', ' 1', 'one', ['1', '2']]) expect(fields(parsePointInTime(bad, undefined))).toEqual(['atRevision:revision']);
    for (const bad of ['2025-03-01', '2025-03-01T10:00:00', '2025-02-30T00:00:00Z', '2025-03-01T24:00:00Z', 'yesterday', ['2025-03-01T00:00:00Z']]) {
      expect(fields(parsePointInTime(undefined, bad, { atRevision: '--at-revision', asOf: '--as-of' }))).toEqual(['--as-of:iso-8601']);
    }
  });

  it('answers 400 VALIDATION_FAILED for a bad query', () => {
    expect(() => pointInTimeOfQuery('x', undefined)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }));
    expect(pointInTimeOfQuery(undefined, undefined)).toBeNull();
  });
});

describe('instantOf', () => {
  it('applies offsets and cuts sub-millisecond digits', () => {
    expect(instantOf('2025-03-01T09:00Z')).toBe(Date.parse('2025-03-01T09:00:00Z'));
    expect(instantOf('2025-03-01T04:30:00.1239-04:30')).toBe(Date.parse('2025-03-01T09:00:00.123Z'));
    expect(instantOf('2024-02-29T00:00:00Z')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(instantOf('2025-02-29T00:00:00Z')).toBeNull();
  });
});

describe('isWithin', () => {
  const [event] = storedStream([roundOpened()]);
  const recorded = Date.parse('2025-03-01T09:00:00.000Z');

  it('compares the revision, or the time recorded in the metadata', () => {
    expect(isWithin(event, { kind: 'revision', atRevision: 0n })).toBe(true);
    expect(isWithin(event, { kind: 'time', asOf: '', epochMs: recorded })).toBe(true);
    expect(isWithin(event, { kind: 'time', asOf: '', epochMs: recorded - 1 })).toBe(false);
    expect(isWithin(event, null)).toBe(true);
  });

  it('falls back to the store\'s created time when the metadata has none', () => {
    const created = new Date('2030-01-01T00:00:00Z');
    expect(recordedTimeOf({ ...event, metadata: {}, created })).toBe(created.getTime());
    expect(recordedTimeOf({ ...event, metadata: { recordedAt: 'garbage' }, created })).toBe(created.getTime());
  });
});
