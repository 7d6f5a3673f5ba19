import {
  commitmentMade,
  commitmentWithdrawn,
  investorAdmitted,
  openRoundWithInvestors,
  ROUND_ID,
} from '../../../../../../test/support/rounds/round.fixtures';
import { findProjection, INVESTOR_POSITIONS } from '../../registrations';
import { givenProjection } from '../../../../../../test/projections/support/given-events';
import { inRound, openedAt } from '../../../../../../test/projections/support/round-events';
import { positionPage, positionRoundKey, positionsOf, roundBook } from './investor-positions.queries';

const given = givenProjection(findProjection(INVESTOR_POSITIONS)!);

describe('the investor-positions queries', () => {
  it('reads the book in the order commitments were first made, leaving out those with nothing committed', () => {
    const { database } = given([
      ...openRoundWithInvestors(),
      investorAdmitted('beta'),
      investorAdmitted('gamma'),
      commitmentMade('beta', '2.00'),
      commitmentMade('gamma', '4.00'),
      commitmentMade('lead', '3.00'),
      commitmentMade('alpha', '1.00'),
      commitmentWithdrawn('gamma', '4.00'),
    ]);
    expect(roundBook(database.sql, ROUND_ID)?.book.map((entry) => entry.investor_id)).toEqual(['beta', 'lead', 'alpha']);
  });

  it('has no book for a round it never saw opened', () => {
    expect(roundBook(given(openRoundWithInvestors()).database.sql, 'round-b')).toBeNull();
  });

  // Round ids and opening times in opposite orders, so the query's order shows.
  it("lists an investor's positions, the earliest opened round first, and no one else's", () => {
    const { database } = given([
      ...openRoundWithInvestors(),
      ...inRound('round-z', openedAt('2025-02-01T09:00:00.000Z', openRoundWithInvestors())),
      ...inRound('round-b', openedAt('2025-01-01T09:00:00.000Z', openRoundWithInvestors().slice(0, 2))),
    ]);
    expect(positionsOf(database.sql, 'alpha').map((position) => position.round_id)).toEqual(['round-z', ROUND_ID]);
  });

  it("pages an investor's positions in the rounds' opening order after a key, with the rounds report's filters", () => {
    const { database } = given([
      ...openRoundWithInvestors(),
      ...inRound('round-z', openedAt('2025-02-01T09:00:00.000Z', openRoundWithInvestors())),
      ...inRound('round-b', openedAt('2025-01-01T09:00:00.000Z', openRoundWithInvestors())),
    ]);
    const ids = (rows: readonly { round_id: string }[]) => rows.map((row) => row.round_id);
    expect(ids(positionPage(database.sql, 'alpha', {}, null, 2))).toEqual(['round-b', 'round-z']);
    expect(ids(positionPage(database.sql, 'alpha', {}, positionRoundKey(database.sql, 'round-z')!, 2))).toEqual([ROUND_ID]);
    expect(ids(positionPage(database.sql, 'alpha', { openedFrom: '2025-01-15T00:00:00.000Z' }, null, 5))).toEqual(['round-z', ROUND_ID]);
    expect(ids(positionPage(database.sql, 'alpha', { status: 'closed' }, null, 5))).toEqual([]);
    expect(positionRoundKey(database.sql, 'round-x')).toBeUndefined();
  });
});
