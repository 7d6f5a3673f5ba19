import { openRoundWithInvestors, ROUND_ID, roundOpened } from '../../../../../../test/support/rounds/round.fixtures';
import { RoundEvent } from '../../../rounds/domain';
import { findProjection, ROUND_SUMMARIES } from '../../registrations';
import { givenProjection } from '../../../../../../test/projections/support/given-events';
import { inRound, openedAt } from '../../../../../../test/projections/support/round-events';
import { RoundKey, roundSummaries, roundSummaryKey, roundSummaryPage } from './round-summaries.queries';

const given = givenProjection(findProjection(ROUND_SUMMARIES)!);
const opened = (data: { company?: string; currency?: string } = {}): RoundEvent => {
  const event = roundOpened();
  return { ...event, data: { ...event.data, ...data } } as RoundEvent;
};

// Ids and opening times in different orders, two rounds opened at the same instant: the key's tie-break shows.
const rounds = () =>
  given([
    ...inRound('round-d', openedAt('2025-01-03T09:00:00.000Z', [opened({ currency: 'USD', company: 'Beta' })])),
    ...inRound('round-c', openedAt('2025-01-01T09:00:00.000Z', [opened()])),
    ...inRound('round-b', openedAt('2025-01-02T09:00:00.000Z', [opened({ company: 'Beta' })])),
    ...inRound('round-a', openedAt('2025-01-02T09:00:00.000Z', [opened({ currency: 'USD' })])),
  ]).database.sql;

const ids = (rows: readonly { round_id: string }[]) => rows.map((row) => row.round_id);

describe('the round-summaries queries', () => {
  it('lists every round, the earliest opened first', () => {
    const { database } = given([...openRoundWithInvestors(), ...inRound('round-z', openedAt('2025-02-01T09:00:00.000Z', [roundOpened()]))]);
    expect(roundSummaries(database.sql).map((round) => round.round_id)).toEqual(['round-z', ROUND_ID]);
  });

  it('pages in opening order after a key, exclusive, ties broken by round id', () => {
    const sql = rounds();
    expect(ids(roundSummaryPage(sql, {}, null, 2))).toEqual(['round-c', 'round-a']);
    const after = roundSummaryKey(sql, 'round-a') as RoundKey;
    expect(after).toEqual({ opened_at: '2025-01-02T09:00:00.000Z', round_id: 'round-a' });
    expect(ids(roundSummaryPage(sql, {}, after, 2))).toEqual(['round-b', 'round-d']);
    expect(ids(roundSummaryPage(sql, {}, roundSummaryKey(sql, 'round-d')!, 2))).toEqual([]);
    expect(roundSummaryKey(sql, 'round-x')).toBeUndefined();
  });

  it('filters on every field given, the opening window from inclusive to exclusive', () => {
    const sql = rounds();
    expect(ids(roundSummaryPage(sql, { company: 'Beta' }, null, 10))).toEqual(['round-b', 'round-d']);
    expect(ids(roundSummaryPage(sql, { company: 'Beta', currency: 'USD' }, null, 10))).toEqual(['round-d']);
    expect(ids(roundSummaryPage(sql, { status: 'closed' }, null, 10))).toEqual([]);
    const window = { openedFrom: '2025-01-02T09:00:00.000Z', openedTo: '2025-01-03T09:00:00.000Z' };
    expect(ids(roundSummaryPage(sql, window, null, 10))).toEqual(['round-a', 'round-b']);
    expect(ids(roundSummaryPage(sql, window, roundSummaryKey(sql, 'round-a')!, 10))).toEqual(['round-b']);
  });
});
