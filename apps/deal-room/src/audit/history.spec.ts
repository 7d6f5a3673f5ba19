import { commitmentMade, investorAdmitted, roundOpened } from '../../../../test/support/rounds/round.fixtures';
import { collect, fromArray, RECORDED_FROM, storedStream } from '../../../../test/support/audit/audit.fixtures';
import { auditEntries } from './history';

const stored = storedStream([roundOpened(), investorAdmitted('catl'), commitmentMade('catl', '5000000000.00'), commitmentMade('jd', '1.00')]);

describe('auditEntries', () => {
  it('maps every stored event in order, with a summary that remembers earlier names', async () => {
    const entries = await collect(auditEntries('round-r-1', fromArray(stored)));
    expect(entries.map((entry) => [entry.revision, entry.summary])).toEqual([
      [0, expect.stringMatching(/^Acme Robotics opened Series A/)],
      [1, 'catl Capital admitted as major investor'],
      [2, 'catl Capital committed 5,000,000,000.00 CNY'],
      [3, 'jd committed 1.00 CNY'],
    ]);
  });

  it('stops at a point in time, for the CLI\'s history as of a revision or a time', async () => {
    const byRevision = await collect(auditEntries('round-r-1', fromArray(stored), { kind: 'revision', atRevision: 1n }));
    expect(byRevision.map((entry) => entry.revision)).toEqual([0, 1]);
    const byTime = await collect(auditEntries('round-r-1', fromArray(stored), { kind: 'time', asOf: '', epochMs: RECORDED_FROM + 120_000 }));
    expect(byTime.map((entry) => entry.revision)).toEqual([0, 1, 2]);
  });
});
