import { generateKeyPairSync } from 'node:crypto';
import { eventHash, GENESIS_HASH } from '../../event-sourcing/hash-chain';
import { ANCHOR_TYP, HeadLeaf, inclusionProof, merkleRoot, RECEIPT_TYP, signingKeyOf, signStatement } from '../../evidence';
import { ClosingHeld, RoundClosed } from '../../rounds/domain';
import { amount, commitmentMade, investorAdmitted, roundOpened, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { storedStream } from '../../../../../test/support/audit/audit.fixtures';
import { ExportedAnchor } from './export-lines';
import { ChainEvent, Evidence, verifyHistory } from './verify-history';

const key = signingKeyOf(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'test');
const otherKey = signingKeyOf(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'other');
const STREAM = 'round-r-1';
const none: Evidence = { anchors: [], receipts: [], keys: [key] };

const closing = (sealedHeadHash: string | null): RoundClosed => ({
  type: 'RoundClosed',
  data: {
    ...stampOf(),
    totalCommitted: amount('600000.00'),
    totalAllocated: amount('600000.00'),
    postMoneyValuation: amount('10000000.00'),
    allocations: [{ investorId: 'alpha', committed: amount('600000.00'), allocated: amount('600000.00'), ownership: '0.06' }],
    sealedHeadHash,
  },
});
const chain = (): ChainEvent[] => storedStream([roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00')]).map((event) => ({ ...event, revision: Number(event.revision) }));
const hashOf = (event: ChainEvent) => (event.metadata as { hash: string }).hash;
const leafOf = (event: ChainEvent, stream = STREAM): HeadLeaf => ({ stream, revision: event.revision, hash: hashOf(event) });

/** An anchor of these heads (the round's among others), signed by `by`, with the proof for the round's leaf. */
function anchorOf(head: HeadLeaf, by = key, anchoredAt = '2026-12-04T10:00:00.000Z'): ExportedAnchor {
  const leaves = [{ stream: 'round-a', revision: 3, hash: 'a'.repeat(64) }, head, { stream: 'round-z', revision: 0, hash: 'b'.repeat(64) }];
  const statement = signStatement(by, ANCHOR_TYP, { v: 1, root: merkleRoot(leaves), size: leaves.length, anchoredAt, reason: 'periodic' });
  return { kind: 'anchor', statement, leaf: head, proof: inclusionProof(leaves, 1) };
}
const receiptOf = (event: ChainEvent, by = key) =>
  signStatement(by, RECEIPT_TYP, { v: 1, stream: STREAM, revision: event.revision, hash: hashOf(event), position: 100 + event.revision, recordedAt: '2026-12-04T09:00:00.000Z' });

describe('verifyHistory', () => {
  it('finds an untouched open round intact and says so in one sentence', () => {
    const events = chain();
    const verdict = verifyHistory(STREAM, events, none);
    expect(verdict).toMatchObject({ intact: true, valid: true, events: 3, firstRevision: 0, headRevision: 2, headHash: hashOf(events[2]), gaps: [], recreated: false, findings: [] });
    expect(verdict.verdict).toBe('History intact: 3 events, not yet anchored.');
    expect(Object.keys(verdict)[0]).toBe('verdict');
  });

  it('checks that a closed round is sealed to the hash of the event before its closing', () => {
    const head = hashOf(chain()[2]);
    const sealed = storedStream([roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00'), closing(head)]).map((e) => ({ ...e, revision: Number(e.revision) }));
    expect(verifyHistory(STREAM, sealed, none)).toMatchObject({ intact: true, sealed: { closed: true, sealedHeadHash: head, matches: true }, verdict: 'History intact: 4 events, sealed at the close, not yet anchored.' });
    const resealed = storedStream([roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00'), closing('a'.repeat(64))]).map((e) => ({ ...e, revision: Number(e.revision) }));
    const verdict = verifyHistory(STREAM, resealed, none);
    expect(verdict).toMatchObject({ intact: false, valid: true, sealed: { closed: true, matches: false } });
    expect(verdict.verdict).toBe('History is closed, but its seal does not match the history before the closing.');
  });

  it('checks the seal of every interim closing too, and names a closing sealed to another history', () => {
    const held = (closingNumber: number, sealedHeadHash: string | null): ClosingHeld => ({
      type: 'ClosingHeld',
      data: {
        ...stampOf(),
        closingNumber,
        allocations: [{ investorId: 'alpha', committed: amount('600000.00'), allocated: amount('600000.00'), ownership: '0.06' }],
        totalAllocated: amount('600000.00'),
        postMoneyValuation: amount('10000000.00'),
        sealedHeadHash,
        windowEndsAt: '2025-05-30T09:00:00.000Z',
      },
    });
    const before = [roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00')];
    const head = hashOf(chain()[2]);
    const afterFirst = storedStream([...before, held(1, head), investorAdmitted('beta')]).map((e) => ({ ...e, revision: Number(e.revision) }));
    const twice = storedStream([...before, held(1, head), investorAdmitted('beta'), held(2, hashOf(afterFirst[4]))]).map((e) => ({ ...e, revision: Number(e.revision) }));
    expect(verifyHistory(STREAM, twice, none)).toMatchObject({
      intact: true,
      closings: [
        { closingNumber: 1, revision: 3, sealedHeadHash: head, matches: true },
        { closingNumber: 2, revision: 5, matches: true },
      ],
      verdict: 'History intact: 6 events, sealed at 2 interim closings, not yet anchored.',
    });
    // The first closing resealed to another head, the chain re-hashed over it: only the seal can tell.
    const forgedPrefix = storedStream([...before, held(1, 'a'.repeat(64)), investorAdmitted('beta')]).map((e) => ({ ...e, revision: Number(e.revision) }));
    const forged = storedStream([...before, held(1, 'a'.repeat(64)), investorAdmitted('beta'), held(2, hashOf(forgedPrefix[4]))]).map((e) => ({ ...e, revision: Number(e.revision) }));
    const verdict = verifyHistory(STREAM, forged, none);
    expect(verdict).toMatchObject({ intact: false, valid: true, closings: [{ closingNumber: 1, matches: false }, { closingNumber: 2, matches: true }] });
    expect(verdict.verdict).toBe('History: Closing 1 (revision 3) is sealed to aaaaaaaaaaaa…, which does not match the history before it.');
  });

  it('names the first altered event', () => {
    const events = chain();
    events[1] = { ...events[1], data: { ...(events[1].data as object), tier: 'lead' } };
    const verdict = verifyHistory(STREAM, events, none);
    expect(verdict).toMatchObject({ intact: false, valid: false, firstInvalidRevision: 1, headHash: hashOf(events[0]) });
    expect(verdict.verdict).toBe('History altered at revision 1: its content no longer matches its recorded hash.');
  });

  it('catches an event re-hashed after the change, at the event after it', () => {
    const events = chain();
    const { hash: _old, ...unsealed } = events[1].metadata as Record<string, unknown>;
    const data = { ...(events[1].data as object), name: 'Mallory Capital' };
    events[1] = { ...events[1], data, metadata: { ...unsealed, hash: eventHash(events[1].type, data, unsealed) } };
    expect(verifyHistory(STREAM, events, none)).toMatchObject({ intact: false, firstInvalidRevision: 2, verdict: expect.stringMatching(/^History altered at revision 2: it does not chain/) });
  });

  it('reports a stream that starts past revision 0 as deleted and re-created, even when its chain was rebuilt', () => {
    // The forgery of issue 12: the whole chain recomputed from the genesis hash, appended after a delete.
    const events = chain().map((event) => ({ ...event, revision: event.revision + 4 }));
    const verdict = verifyHistory(STREAM, events, none);
    expect(verdict).toMatchObject({ intact: false, valid: true, recreated: true, firstRevision: 4 });
    expect(verdict.verdict).toBe('History was deleted and re-created: it starts at revision 4, not 0, so what came before is gone.');
    expect(verifyHistory(STREAM, chain(), { ...none, truncatedBefore: 3 })).toMatchObject({ intact: false, recreated: true });
  });

  it('reports gaps in the numbering', () => {
    const events = chain();
    const verdict = verifyHistory(STREAM, [events[0], events[2]], none);
    expect(verdict).toMatchObject({ intact: false, gaps: [{ from: 1, to: 1 }] });
    expect(verdict.findings).toContain('History has gaps: revision 1 is missing.');
  });

  it('matches anchors and receipts, and names the anchor of the latest time', () => {
    const events = chain();
    const verdict = verifyHistory(STREAM, events, { anchors: [anchorOf(leafOf(events[1]), key, '2026-12-04T09:00:00.000Z'), anchorOf(leafOf(events[2]))], receipts: [receiptOf(events[2])], keys: [key] });
    expect(verdict).toMatchObject({ intact: true, anchors: { checked: 2, matching: 2, latest: { anchoredAt: '2026-12-04T10:00:00.000Z', revision: 2, matches: true } }, receipts: { checked: 1, matching: 1 } });
    expect(verdict.verdict).toBe('History intact: 3 events, matches the anchor of 2026-12-04T10:00:00.000Z and 1 earlier, matches 1 receipt.');
  });

  it('finds a dropped tail through the anchor or receipt that held it', () => {
    const events = chain();
    const verdict = verifyHistory(STREAM, events.slice(0, 2), { anchors: [anchorOf(leafOf(events[2]))], receipts: [receiptOf(events[2])], keys: [key] });
    expect(verdict.intact).toBe(false);
    expect(verdict.findings).toEqual([
      'History is cut short: the anchor of 2026-12-04T10:00:00.000Z holds revision 2, but the history ends at revision 1.',
      'History is cut short: the receipt of 2026-12-04T09:00:00.000Z holds revision 2, but the history ends at revision 1.',
    ]);
  });

  it('finds a rewritten history that chains perfectly through the anchor and receipt given for the old one', () => {
    const original = chain();
    const forged = storedStream([roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '1400000.00')]).map((e) => ({ ...e, revision: Number(e.revision) }));
    const verdict = verifyHistory(STREAM, forged, { anchors: [anchorOf(leafOf(original[2]))], receipts: [receiptOf(original[2])], keys: [key] });
    expect(verdict).toMatchObject({ valid: true, intact: false, anchors: { matching: 0 }, receipts: { matching: 0 } });
    expect(verdict.verdict).toMatch(/^History differs from the anchor of 2026-12-04T10:00:00.000Z: revision 2 had hash [0-9a-f]{12}…/);
  });

  it('refuses a receipt or an anchor signed by another key, or one whose proof leads elsewhere', () => {
    const events = chain();
    const verdict = verifyHistory(STREAM, events, { anchors: [anchorOf(leafOf(events[2]), otherKey)], receipts: [receiptOf(events[2], otherKey)], keys: [key] });
    expect(verdict.intact).toBe(false);
    expect(verdict.findings).toEqual([
      `An anchor was refused: it is signed by key ${otherKey.kid}, which is not the deployment's.`,
      `A receipt was refused: it is signed by key ${otherKey.kid}, which is not the deployment's.`,
    ]);
    const moved = { ...anchorOf(leafOf(events[2])), leaf: { ...leafOf(events[1]) } };
    expect(verifyHistory(STREAM, events, { anchors: [moved], receipts: [], keys: [key] }).findings[0]).toMatch(/its inclusion proof does not lead to its signed root/);
  });

  it('lets only the access log begin with records from before it was chained', () => {
    const bare = [{ revision: 0, type: 'deal-room.AccessRecorded.v1', data: { action: 'history' }, metadata: { recordedAt: 'then' } }];
    const unsealed = { recordedAt: 'now', prevHash: GENESIS_HASH };
    const chained = { revision: 1, type: 'deal-room.AccessRecorded.v1', data: { action: 'verify' }, metadata: { ...unsealed, hash: eventHash('deal-room.AccessRecorded.v1', { action: 'verify' }, unsealed) } };
    expect(verifyHistory('access-log', [...bare, chained], none)).toMatchObject({ intact: true, unchained: 1, verdict: 'Access log intact: 2 events (the first 1 from before the log was chained), not yet anchored.' });
    expect(verifyHistory(STREAM, [...bare, chained], none)).toMatchObject({ intact: false, firstInvalidRevision: 0 });
  });
});
