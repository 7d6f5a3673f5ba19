import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import { commitmentMade, investorAdmitted, roundOpened } from '../../../../test/support/rounds/round.fixtures';
import { AUDIT_ENTRY_FIELDS, AuditEntry } from './audit-entry';
import { collect, fromArray, storedStream } from '../../../../test/support/audit/audit.fixtures';
import { auditEntries } from './history';
import { exportStream, jsonlManifest } from './history-export';

const text = async (format: 'csv' | 'jsonl', entries: AuditEntry[]) => Buffer.concat((await collect(exportStream(fromArray(entries), format))).map((chunk) => Buffer.from(chunk))).toString('utf8');
const parseCsv = (csv: string) =>
  new Promise<Record<string, string>[]>((resolve, reject) => parse(csv, { columns: true }, (error, rows) => (error ? reject(error) : resolve(rows as Record<string, string>[]))));

describe('history exports', () => {
  let entries: AuditEntry[];
  beforeAll(async () => {
    const admitted = investorAdmitted('quote', 'major');
    const tricky = { ...admitted, data: { ...admitted.data, name: 'Quote "Partners", Ltd.\nsecond line' } };
    entries = await collect(auditEntries('round-r-1', fromArray(storedStream([roundOpened(), tricky, commitmentMade('quote', '10.00')]))));
  });

  it('writes JSON Lines: one entry per line as kind "event", every line ending in a newline', async () => {
    const jsonl = await text('jsonl', entries);
    expect(jsonl.endsWith('\n')).toBe(true);
    expect(jsonl.split('\n').slice(0, -1).map((line) => JSON.parse(line))).toEqual(entries.map((entry) => ({ kind: 'event', ...entry })));
  });

  it('writes CSV with a header row and nested objects as JSON text, which reads back to the same entries', async () => {
    const csv = await text('csv', entries);
    expect(csv.split('\n')[0]).toBe(AUDIT_ENTRY_FIELDS.join(','));
    const rows = await parseCsv(csv);
    const readBack = rows.map((row) => ({
      ...row,
      revision: Number(row.revision),
      position: Number(row.position),
      actor: JSON.parse(row.actor),
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
    }));
    expect(readBack).toEqual(entries);
  });

  it('keeps a spreadsheet from running a cell as a formula', async () => {
    const [entry] = entries;
    const rows = await parseCsv(await text('csv', [{ ...entry, summary: '=1+1' }]));
    expect(rows[0].summary).toBe("'=1+1");
  });

  it('hashes in the manifest exactly the bytes of the JSON Lines export', async () => {
    const manifest = await jsonlManifest('r-1', fromArray(entries));
    const bytes = await text('jsonl', entries);
    expect(manifest).toEqual({
      roundId: 'r-1',
      events: 3,
      headHash: entries[2].hash,
      sha256OfJsonl: createHash('sha256').update(bytes, 'utf8').digest('hex'),
    });
  });

  it('ends the CSV with the reader\'s error rather than quietly, so a cut export never looks whole', async () => {
    const failing = (async function* () {
      yield entries[0];
      throw new Error('store went away');
    })();
    await expect(collect(exportStream(failing, 'csv'))).rejects.toThrow('store went away');
    await expect(collect(exportStream((async function* () { yield entries[0]; throw new Error('gone'); })(), 'jsonl'))).rejects.toThrow('gone');
  });
});
