import { foldRound } from '../domain';
import { commitmentAmended, commitmentMade, investorAdmitted, roundOpened } from '../../../../../test/support/rounds/round.fixtures';
import { fromArray, RECORDED_FROM, storedStream } from '../../../../../test/support/audit/audit.fixtures';
import { foldThrough } from './time-travel';

const history = [roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00'), commitmentAmended('alpha', '600000.00', '700000.00')];

describe('foldThrough', () => {
  it('folds up to and including a revision', async () => {
    const folded = await foldThrough(fromArray(storedStream(history)), { kind: 'revision', atRevision: 2n });
    expect(folded).toEqual({ state: foldRound(history.slice(0, 3)), revision: 2n });
  });

  it('folds what was recorded by a time, and nothing before the first event', async () => {
    const at = (epochMs: number) => ({ kind: 'time' as const, asOf: '', epochMs });
    expect(await foldThrough(fromArray(storedStream(history)), at(RECORDED_FROM + 60_000))).toEqual({ state: foldRound(history.slice(0, 2)), revision: 1n });
    expect(await foldThrough(fromArray(storedStream(history)), at(RECORDED_FROM - 1))).toEqual({ state: { status: 'none' }, revision: null });
  });

  it('stops at the first event past the time, even when a later one claims an earlier clock', async () => {
    const events = storedStream(history);
    const skewed = events.map((event, index) =>
      index === 3 ? { ...event, metadata: { ...(event.metadata as object), recordedAt: new Date(RECORDED_FROM).toISOString() } } : event,
    );
    const folded = await foldThrough(fromArray(skewed), { kind: 'time', asOf: '', epochMs: RECORDED_FROM + 60_000 });
    expect(folded.revision).toBe(1n);
  });
});
