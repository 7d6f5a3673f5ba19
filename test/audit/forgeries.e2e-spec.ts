import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EMBEDDED_EVENT_STORE, EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { compactVerify, importJWK } from 'jose';
import { RECEIPT_TYP, signingKeyOf, signStatement } from '../../apps/deal-room/src/evidence';
import type { TestApp } from '../support/app-harness';
import { bearer, expectProblem, expectStatus, rawBody, sleep, startAuditApp, tokens, Tokens } from './support/audit-api';
import { audit, ForgeableEvent, hasPython, jsonLines, python, rechain, toJsonl } from './support/forgery';
import { PlayedRound, playSeriesC } from './support/series-c';
import { readRoundStream } from '../rounds/support/stream';

const withPython = hasPython ? it : it.skip;

/**
 * Issue 12's forgeries, end to end: a round played through the API, its export, receipts and anchors taken
 * away, then altered, re-hashed, cut short, re-created through the store, and a receipt from another key.
 * Deal Room's own offline verifier and the reference verifier in Python must each see every one.
 */
describe('verification that needs no trust in Deal Room', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deal-room-forgeries-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  let testApp: TestApp;
  let t: Tokens;
  let round: PlayedRound;
  let stream: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- export lines are arbitrary JSON, altered field by field
  let exported: Record<string, any>[];
  let keys: string;
  let receipts: string;
  let receiptTexts: string[];

  const auditorGet = (path: string) => testApp.http.get(path).set(bearer(t.auditor));

  /** Waits for the anchor a close brings about (the anchorer reads the store every second). */
  async function anchorHolding(streamName: string, revision: number) {
    for (let waited = 0; waited < 30_000; waited += 100) {
      const latest = await auditorGet('/anchors/latest');
      const leaf = latest.status === 200 ? latest.body.leaves.find((l: { stream: string }) => l.stream === streamName) : undefined;
      if (leaf?.revision === revision) return latest.body;
      await sleep(100);
    }
    throw new Error(`no anchor holds ${streamName} at revision ${revision}`);
  }

  beforeAll(async () => {
    testApp = await startAuditApp();
    t = await tokens();
    round = await playSeriesC(testApp, t);
    stream = `round-${round.roundId}`;
    const anchor = await anchorHolding(stream, 10);
    expect(anchor.payload).toMatchObject({ reason: 'close' });

    keys = file('keys.json', JSON.stringify((await testApp.http.get('/.well-known/deal-room/keys')).body));
    receiptTexts = [];
    for (const revision of [6, 10]) {
      const response = await testApp.http.get(`/rounds/${round.roundId}/receipts/${revision}`).set(bearer(t.lead));
      expectStatus(response, 200);
      receiptTexts.push(response.body.receipt);
    }
    receipts = file('receipts.txt', receiptTexts.join('\n'));
    const response = await auditorGet(`/rounds/${round.roundId}/history?format=jsonl`).buffer(true).parse(rawBody);
    expectStatus(response, 200);
    exported = jsonLines((response.body as Buffer).toString('utf8'));
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const events = () => exported.filter((line) => line.kind === 'event');
  const anchors = () => exported.filter((line) => line.kind === 'anchor');
  const verifyBoth = async (name: string, lines: readonly object[], extra: string[] = []) => {
    const path = file(name, toJsonl(lines));
    const node = await audit({}, 'verify', '--file', path, '--receipts', receipts, '--key', keys, ...extra);
    const reference = hasPython ? python(path, '--receipts', receipts, '--key', keys, ...extra) : null;
    return { node, reference };
  };

  it('exports every hashed field, and the anchors that hold the round, so the export verifies from itself', async () => {
    expect(events()).toHaveLength(11);
    expect(events().every((line) => line.metadata && 'requestFingerprint' in line.metadata && 'schemaVersion' in line.metadata)).toBe(true);
    expect(anchors().map((line) => line.leaf.revision)).toContain(10);
    const { node } = await verifyBoth('intact.jsonl', exported);
    expect(node.exitCode).toBe(0);
    expect(node.sentence).toMatch(/^History intact: 11 events, sealed at the close, matches the anchor of \S+( and \d+ earlier)?, matches 2 receipts\.$/);
    expect(JSON.parse(node.stdout.slice(node.stdout.indexOf('\n') + 1))).toMatchObject({ intact: true, stream, events: 11, firstRevision: 0, headRevision: 10 });
  });

  it("names an investor's write by its hash alone, so two of its receipts do not show what happened between them", () => {
    const payloads = receiptTexts.map((text) => JSON.parse(Buffer.from(text.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>);
    // Revision 6 is Tencent's commitment; revision 10 the company's close.
    expect(payloads[0]).toEqual({ v: 2, stream, hash: events()[6].metadata.hash, recordedAt: events()[6].metadata.recordedAt });
    expect(payloads[1]).toMatchObject({ v: 1, stream, revision: 10, hash: events()[10].metadata.hash, position: expect.any(Number) });
  });

  it("catches a history rewritten before an investor's receipt: no event has its hash any more", async () => {
    // Tencent's acceptance (revision 5) forged and every hash from there re-computed: Tencent's own receipt
    // (revision 6, by hash alone) matches nothing now, nor does the close's.
    const changed = events().map((line) => (line.revision === 5 ? { ...line, data: { ...line.data, termId: 'forged' } } : line));
    const { node, reference } = await verifyBoth('rewritten-early.jsonl', [...rechain(changed as ForgeableEvent[]), ...anchors()]);
    const verdict = JSON.parse(node.stdout.slice(node.stdout.indexOf('\n') + 1));
    expect(verdict.receipts).toMatchObject({ checked: 2, matching: 0 });
    expect(verdict.findings).toContainEqual(expect.stringMatching(/^History holds no event with the hash \S+ that the receipt of \S+ names: it was rewritten or cut short\.$/));
    if (reference) expect(reference.exitCode).toBe(1);
  });

  withPython('the reference verifier in Python agrees on the untouched export', () => {
    const run = python(file('intact-py.jsonl', toJsonl(exported)), '--receipts', receipts, '--key', keys);
    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(run.sentence).toMatch(/^History intact: 11 events, sealed at the close, matches \d+ anchor\(s\), matches 2 receipt\(s\)\.$/);
  });

  it('names the altered event of an export changed in place', async () => {
    const lines = exported.map((line) => (line.kind === 'event' && line.revision === 7 ? { ...line, data: { ...line.data, amount: { amount: '500000000.00', currency: 'CNY' } } } : line));
    const { node, reference } = await verifyBoth('altered.jsonl', lines);
    expect({ exitCode: node.exitCode, sentence: node.sentence }).toEqual({ exitCode: 1, sentence: 'History altered at revision 7: its content no longer matches its recorded hash.' });
    if (reference) expect({ exitCode: reference.exitCode, sentence: reference.sentence }).toEqual({ exitCode: 1, sentence: 'History altered at revision 7: its content no longer matches its recorded hash.' });
  });

  it('catches a chain re-hashed after the change through the anchors and receipts it no longer matches', async () => {
    const changed = events().map((line) => (line.revision === 7 ? { ...line, data: { ...line.data, amount: { amount: '14000000000.00', currency: 'CNY' } } } : line));
    const forged = rechain(changed as ForgeableEvent[]);
    const { node, reference } = await verifyBoth('rehashed.jsonl', [...forged, ...anchors()]);
    expect(node.exitCode).toBe(1);
    const verdict = JSON.parse(node.stdout.slice(node.stdout.indexOf('\n') + 1));
    // The receipt for revision 6 still holds (the change came after it); the one for the head does not.
    expect(verdict).toMatchObject({ valid: true, intact: false, sealed: { matches: true }, receipts: { checked: 2, matching: 1 } });
    expect(node.sentence).toMatch(/^History differs from the anchor of \S+: revision \d+ had hash/);
    expect(verdict.findings).toContain(verdict.findings.find((f: string) => f.startsWith('History differs from the receipt of')));
    if (reference) expect({ exitCode: reference.exitCode, sentence: reference.sentence }).toEqual({ exitCode: 1, sentence: expect.stringMatching(/^History differs from the anchor of \S+ at revision \d+\.$/) });
  });

  it('checks the seal of an interim closing, and names one resealed to another history', async () => {
    // The round's history up to its close, with an initial closing in place of the close (no anchors or
    // receipts: they hold the real head). An honest closing is sealed to the hash of the event before it.
    const upTo = events().filter((line) => line.revision < 10) as ForgeableEvent[];
    const closingAt = (sealedHeadHash: string) => ({ ...events()[10], type: 'deal-room.ClosingHeld.v1', data: { ...events()[10].data, closingNumber: 1, windowEndsAt: '2030-01-01T00:00:00.000Z', sealedHeadHash } });
    const honestPrefix = rechain(upTo);
    const honest = rechain([...honestPrefix, closingAt(String(honestPrefix[9].metadata.hash))] as ForgeableEvent[]);
    const verifyAlone = async (name: string, lines: readonly object[]) => {
      const path = file(name, toJsonl(lines));
      return { node: await audit({}, 'verify', '--file', path, '--key', keys), reference: hasPython ? python(path, '--key', keys) : null };
    };
    const intact = await verifyAlone('interim.jsonl', honest);
    expect({ exitCode: intact.node.exitCode, sentence: intact.node.sentence }).toEqual({ exitCode: 0, sentence: 'History intact: 11 events, sealed at 1 interim closing, not yet anchored.' });
    if (intact.reference) expect({ exitCode: intact.reference.exitCode, sentence: intact.reference.sentence }).toEqual({ exitCode: 0, sentence: 'History intact: 11 events, sealed at 1 interim closing, not yet anchored.' });

    const resealed = rechain([...honestPrefix, closingAt('a'.repeat(64))] as ForgeableEvent[]);
    const forged = await verifyAlone('interim-resealed.jsonl', resealed);
    const sentence = 'History: Closing 1 (revision 10) is sealed to aaaaaaaaaaaa…, which does not match the history before it.';
    expect({ exitCode: forged.node.exitCode, sentence: forged.node.sentence }).toEqual({ exitCode: 1, sentence });
    if (forged.reference) expect({ exitCode: forged.reference.exitCode, sentence: forged.reference.sentence }).toEqual({ exitCode: 1, sentence });
  });

  it('sees a dropped tail through the anchor and the receipt that held it', async () => {
    const { node, reference } = await verifyBoth('cut.jsonl', [...events().slice(0, 9), ...anchors()]);
    expect(node.exitCode).toBe(1);
    expect(node.sentence).toMatch(/^History is cut short: the anchor of \S+ holds revision 10, but the history ends at revision 8\./);
    expect(node.stdout).toContain('the receipt of');
    if (reference) expect({ exitCode: reference.exitCode, sentence: reference.sentence }).toEqual({ exitCode: 1, sentence: expect.stringMatching(/^History is cut short: the anchor of \S+ holds revision 10, but the history ends at revision 8\.$/) });
  });

  it('warns of receipts for a stream that no file holds, rather than count them as checked', async () => {
    const open = await playSeriesC(testApp, t, { close: false });
    const other = file('other-receipt.txt', (await testApp.http.get(`/rounds/${open.roundId}/receipts/0`).set(bearer(t.lead))).body.receipt);
    const run = await audit({}, 'verify', '--file', file('for-other.jsonl', toJsonl(exported)), '--receipts', other, '--key', keys);
    expect(run).toMatchObject({ exitCode: 0, stderr: `warning: receipts for round-${open.roundId} were not checked: no file holds that stream\n` });
    expect(run.sentence).not.toContain('receipt');
  });

  it('refuses a receipt signed by another key, even one that names the right event', async () => {
    const stranger = signingKeyOf(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'stranger');
    const head = events()[10];
    const foreign = signStatement(stranger, RECEIPT_TYP, { v: 1, stream, revision: 10, hash: head.hash, position: head.position, recordedAt: head.recordedAt });
    const path = file('foreign-receipt.txt', foreign);
    const exportPath = file('for-foreign.jsonl', toJsonl(exported));
    const node = await audit({}, 'verify', '--file', exportPath, '--receipts', path, '--key', keys);
    expect({ exitCode: node.exitCode, sentence: node.sentence }).toEqual({ exitCode: 1, sentence: `A receipt was refused: it is signed by key ${stranger.kid}, which is not the deployment's.` });
    if (hasPython) {
      const reference = python(exportPath, '--receipts', path, '--key', keys);
      expect({ exitCode: reference.exitCode, sentence: reference.sentence }).toEqual({ exitCode: 1, sentence: `A receipt was refused: it is signed by key ${stranger.kid}, which is not the deployment's.` });
    }
  });

  it('gives every acknowledged write a receipt in a header, the same when fetched again, and only to whom it concerns', async () => {
    const open = await playSeriesC(testApp, t, { close: false });
    const investor = await t.investor(open.investors.jd);
    const write = await testApp.http.put(`/rounds/${open.roundId}/commitments/${open.investors.jd}`).set(bearer(investor)).send({ amount: '15000000000.02', currency: 'CNY' });
    expectStatus(write, 200);
    const header = write.headers['deal-room-receipt'] as string;
    const jwk = JSON.parse((await testApp.http.get('/.well-known/deal-room/keys')).text).keys[0];
    const { payload, protectedHeader } = await compactVerify(header, await importJWK(jwk, 'EdDSA'));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: jwk.kid, typ: RECEIPT_TYP });
    // An investor's receipt names its event by hash alone: no stream revision, no commit position, which
    // would tell it how many events the round and the store took between two of its writes (issue 14).
    const [event] = (await readRoundStream(testApp.app, open.roundId)).slice(-1);
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({
      v: 2,
      stream: `round-${open.roundId}`,
      hash: (event.metadata as { hash: string }).hash,
      recordedAt: expect.any(String),
    });
    // Fetched again by the revision its write answered (its own count), not the stream's.
    expect(write.body.revision).not.toBe(Number(event.revision));
    expectProblem(await testApp.http.get(`/rounds/${open.roundId}/receipts/${event.revision}`).set(bearer(investor)), 404, 'RECEIPT_NOT_FOUND');
    const again = await testApp.http.get(`/rounds/${open.roundId}/receipts/${write.body.revision}`).set(bearer(investor));
    expectStatus(again, 200);
    expect(again.body.receipt).toBe(header);
    // Another investor's write, an unknown round, a revision not written: the same 404.
    for (const path of [`/rounds/${open.roundId}/receipts/7`, `/rounds/missing-round/receipts/0`, `/rounds/${open.roundId}/receipts/99`]) {
      expectProblem(await testApp.http.get(path).set(bearer(investor)), 404, 'RECEIPT_NOT_FOUND');
    }
    expectProblem(await testApp.http.get(`/rounds/${open.roundId}/receipts/x`).set(bearer(investor)), 400, 'VALIDATION_FAILED', ['revision']);
    // A replay under an idempotency key gets the receipt of the write it replays.
    const keyed = () => testApp.http.delete(`/rounds/${open.roundId}/commitments/${open.investors.jd}`).set(bearer(investor)).set('Idempotency-Key', 'receipt-replay');
    const [first, retry] = [await keyed(), await keyed()];
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['deal-room-receipt']).toBe(first.headers['deal-room-receipt']);
  });

  it('does not let a history rewritten through the store pass: the forgery of issue 12', async () => {
    const client = testApp.app.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
    const stored: ForgeableEvent[] = [];
    for await (const { event } of client.readStream(stream)) if (event) stored.push({ type: event.type, data: event.data as Record<string, unknown>, metadata: event.metadata as Record<string, unknown> });
    // CATL's 5 bn becomes 14 bn; the chain and the seal are recomputed; the stream is deleted and written again.
    const forged = rechain(stored.map((event, revision) => (revision === 7 ? { ...event, data: { ...event.data, amount: { amount: '14000000000.00', currency: 'CNY' } } } : event)));
    await client.deleteStream(stream);
    await client.appendToStream(stream, forged.map((event) => jsonEvent(event)), { expectedRevision: ANY });

    const verdict = (await auditorGet(`/rounds/${round.roundId}/verify`)).body;
    expect(verdict).toMatchObject({ intact: false, valid: true, recreated: true, firstRevision: 11, sealed: { matches: true } });
    expect(verdict.verdict).toMatch(/^History was deleted and re-created: it starts at revision 11, not 0/);
    expect(verdict.findings.some((finding: string) => /^History (lacks revision|differs from) .*anchor/.test(finding))).toBe(true);

    // The offline tool on the same store, through the app's own connection (credentials included, if any).
    const embedded = testApp.app.get<{ connectionString: string } | null>(EMBEDDED_EVENT_STORE, { strict: false });
    const env = { EVENTSTORE_CONNECTION_STRING: process.env.EVENTSTORE_CONNECTION_STRING ?? embedded?.connectionString ?? '' };
    if (env.EVENTSTORE_CONNECTION_STRING) {
      const offline = await audit(env, 'verify', '--round', round.roundId, '--key', keys);
      expect({ exitCode: offline.exitCode, sentence: offline.sentence }).toEqual({ exitCode: 1, sentence: verdict.verdict });
    }
    // No receipt is signed for the rewritten history, and its export fails offline with the kept receipts.
    expectProblem(await testApp.http.get(`/rounds/${round.roundId}/receipts/12`).set(bearer(t.lead)), 409, 'HISTORY_NOT_INTACT');
    const again = await auditorGet(`/rounds/${round.roundId}/history?format=jsonl`).buffer(true).parse(rawBody);
    const { node, reference } = await verifyBoth('recreated.jsonl', jsonLines((again.body as Buffer).toString('utf8')));
    expect(node.exitCode).toBe(1);
    expect(node.sentence).toMatch(/^History was deleted and re-created: it starts at revision 11/);
    if (reference) expect(reference).toMatchObject({ exitCode: 1, sentence: 'History was deleted and re-created: it starts at revision 11, not 0.' });
  });
});
