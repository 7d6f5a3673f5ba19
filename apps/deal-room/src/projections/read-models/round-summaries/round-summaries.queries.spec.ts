import { openRoundWithInvestors, ROUND_ID, roundOpened } from '../../../../../../test/support/rounds/round.fixtures';
import { findProjection, ROUND_SUMMARIES } from '../../registrations';
import { givenProjection } from '../../../../../../test/projections/support/given-events';
import { inRound, openedAt } from '../../../../../../test/projections/support/round-events';
import { roundSummaries } from './round-summaries.queries';

const given = givenProjection(findProjection(ROUND_SUMMARIES)!);

describe('the round-summaries queries', () => {
  it('lists every round, the earliest opened first', () => {
    const { database } = given([...openRoundWithInvestors(), ...inRound('round-z', openedAt('2025-02-01T09:00:00.000Z', [roundOpened()]))]);
    expect(roundSummaries(database.sql).map((round) => round.round_id)).toEqual(['round-z', ROUND_ID]);
  });
});
