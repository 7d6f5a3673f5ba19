import { get as httpGet, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { ProjectionsService } from '../../apps/deal-room/src/projections';
import { ProjectionHandler } from '../../apps/deal-room/src/projections/projection-definition';
import { investorPositionHandlers } from '../../apps/deal-room/src/projections/read-models/investor-positions/investor-positions.projection';
import { roundSummaryHandlers } from '../../apps/deal-room/src/projections/read-models/round-summaries/round-summaries.projection';
import { CachedSql } from '../../apps/deal-room/src/projections/store/cached-sql';
import { ReportSnapshot } from '../../apps/deal-room/src/reports/report-snapshot';
import { CSV_BATCH_SIZE } from '../../apps/deal-room/src/reports/reports.controller';
import { InvestorAdmitted, RoundOpened } from '../../apps/deal-room/src/rounds/domain';
import { investorAdmitted, roundOpened } from '../support/rounds/round.fixtures';
import { DealRoomApi, freshId, tokenFor } from './support/deal-room-api';

type Row = Record<string, unknown>;

describe('list reports: pages, filters and CSV downloads', () => {
  let api: DealRoomApi;

  beforeAll(async () => {
    api = await DealRoomApi.start();
  });

  afterAll(() => api?.close());

  afterEach(() => jest.restoreAllMocks());

  /** Follows `next` from `first` to the end; every page checked for its size. */
  async function walk(first: string, key: 'rounds' | 'positions', limit: number, role: 'auditor' | 'investor' = 'auditor', investorId?: string): Promise<Row[]> {
    const rows: Row[] = [];
    let url: string | null = first;
    for (let pages = 0; url !== null; pages += 1) {
      if (pages > 100) throw new Error('next never became null');
      const response = await api.get(url, role, investorId);
      expect(response.status).toBe(200);
      const page = response.body[key] as Row[];
      expect(page.length).toBeLessThanOrEqual(limit);
      if (response.body.next !== null) expect(page).toHaveLength(limit);
      rows.push(...page);
      url = response.body.next;
    }
    return rows;
  }

  it('walks every page of a filtered list: no row twice, none missing, next null on the last', async () => {
    const company = freshId('Paged Co');
    const opened: string[] = [];
    for (let i = 0; i < 7; i += 1) opened.push((await api.openRound({ company })).roundId);
    const { roundId: closedId } = await api.roundWithBook(['1000000.00', '1000000.00', '1000000.00']);
    const { position } = await api.closeRound(closedId);

    const query = new URLSearchParams({ company, limit: '3', minPosition: position }).toString();
    const first = await api.get(`/reports/rounds?${query}`);
    expect(first.body.next).toBe(`/reports/rounds?${query}&after=${opened[2]}`);
    const rows = await walk(`/reports/rounds?${query}`, 'rounds', 3);
    // Opened one after another: the opening order is the order they were made in.
    expect(rows.map((row) => row.roundId)).toEqual(opened);
    expect(rows.every((row) => row.company === company)).toBe(true);

    const exact = await walk(`/reports/rounds?limit=1000`, 'rounds', 1000);
    expect(new Set(exact.map((row) => row.roundId)).size).toBe(exact.length);
    expect(exact.map((row) => row.roundId)).toEqual(expect.arrayContaining([...opened, closedId]));

    const empty = await api.get(`/reports/rounds?company=${freshId('nobody')}`);
    expect(empty.body).toEqual({ checkpoint: expect.any(String), rounds: [], next: null });
  });

  it('filters on status, currency, company and the opening window', async () => {
    const company = freshId('Filtered Co');
    const usd = await api.openRound({ company });
    const jpy = await api.openRound({ company, currency: 'JPY', targetAmount: '800000000', hardCap: '1000000000', valuation: { amount: '5000000000', basis: 'pre-money' } });
    const closing = await api.openRound({ company });
    const investorId = freshId('catl');
    await api.admit(closing.roundId, investorId, 'lead');
    await api.commit(closing.roundId, investorId, '8000000.00');
    const { position } = await api.closeRound(closing.roundId);
    const ids = async (filter: string) => {
      const response = await api.get(`/reports/rounds?company=${encodeURIComponent(company)}&minPosition=${position}&${filter}`);
      expect(response.status).toBe(200);
      return (response.body.rounds as Row[]).map((row) => row.roundId);
    };

    expect(await ids('status=closed')).toEqual([closing.roundId]);
    expect(await ids('status=open')).toEqual([usd.roundId, jpy.roundId]);
    expect(await ids('currency=JPY')).toEqual([jpy.roundId]);
    expect(await ids('status=cancelled')).toEqual([]);
    const all = (await api.get(`/reports/rounds?company=${encodeURIComponent(company)}`)).body.rounds as Row[];
    const [first, second, third] = all.map((row) => row.openedAt as string);
    // From inclusive, to exclusive; an offset other than Z means the same instant.
    const plusEight = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    expect(await ids(`openedFrom=${encodeURIComponent(plusEight(second))}`)).toEqual([jpy.roundId, closing.roundId]);
    expect(await ids(`openedFrom=${first}&openedTo=${third}`)).toEqual([usd.roundId, jpy.roundId]);
    expect(await ids(`openedTo=${second}`)).toEqual([usd.roundId]);
    expect(second > first && third > second).toBe(true);

    // The investor report takes the same filters, paged the same way.
    const positions = await api.get(`/reports/investors/${investorId}?status=closed&currency=USD`, 'investor', investorId);
    expect(positions.body).toMatchObject({ positions: [expect.objectContaining({ roundId: closing.roundId })], next: null });
    expect((await api.get(`/reports/investors/${investorId}?currency=JPY`, 'investor', investorId)).body.positions).toEqual([]);
  });

  it('refuses bad parameters with a 400 naming each, before serving anything', async () => {
    const cases: [string, { field: string; rule: string }[]][] = [
      ['/reports/rounds?limit=0', [{ field: 'limit', rule: 'range' }]],
      ['/reports/rounds?limit=1001', [{ field: 'limit', rule: 'range' }]],
      ['/reports/rounds?limit=ten', [{ field: 'limit', rule: 'range' }]],
      ['/reports/rounds?after=a%2Fb', [{ field: 'after', rule: 'round-id' }]],
      [`/reports/rounds?after=${freshId('never')}`, [{ field: 'after', rule: 'known-round' }]],
      ['/reports/rounds?status=draft', [{ field: 'status', rule: 'one-of' }]],
      ['/reports/rounds?status=open&status=closed', [{ field: 'status', rule: 'single' }]],
      ['/reports/rounds?currency=usd', [{ field: 'currency', rule: 'currency' }]],
      ['/reports/rounds?openedFrom=2025-01-01T09:00:00', [{ field: 'openedFrom', rule: 'iso-8601' }]],
      ['/reports/rounds?openedFrom=2025-02-01T00:00:00Z&openedTo=2025-01-01T00:00:00Z', [{ field: 'openedTo', rule: 'after-opened-from' }]],
      ['/reports/rounds?limt=5&sort=company', [{ field: 'limt', rule: 'unknown-parameter' }, { field: 'sort', rule: 'unknown-parameter' }]],
      ['/reports/rounds?format=csv&limit=5&after=round-1', [{ field: 'after', rule: 'not-with-export' }, { field: 'limit', rule: 'not-with-export' }]],
      ['/reports/investors/someone?format=csv&limit=5', [{ field: 'limit', rule: 'not-with-export' }]],
      ['/reports/investors/someone?status=pending', [{ field: 'status', rule: 'one-of' }]],
      ['/reports/rounds/some-round/allocations?limit=5', [{ field: 'limit', rule: 'unknown-parameter' }]],
    ];
    for (const [path, errors] of cases) {
      const response = await api.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: errors.map((error) => expect.objectContaining(error)) });
    }
  });

  describe('with thousands of rows', () => {
    const rounds = 2_600;
    let company: string;
    let investorId: string;

    // Rows made by the projections' own handlers on the app's connection: thousands of rounds through
    // the API would take minutes. Opened in 2031, after anything the other tests open.
    beforeAll(() => {
      company = `=HYPERLINK("http://evil.example")-${freshId('co')}`;
      investorId = freshId('fund');
      const { sql } = api.testApp.app.get(ProjectionsService);
      const context = (roundId: string) => ({ sql, position: 0n, streamId: `round-${roundId}`, revision: 0n, metadata: null });
      const openRound = roundSummaryHandlers.RoundOpened as ProjectionHandler<RoundOpened>;
      const openPosition = investorPositionHandlers.RoundOpened as ProjectionHandler<RoundOpened>;
      const admit = investorPositionHandlers.InvestorAdmitted as ProjectionHandler<InvestorAdmitted>;
      sql.run('BEGIN');
      for (let i = 0; i < rounds; i += 1) {
        const roundId = `bulk-${String(i).padStart(5, '0')}-${investorId}`;
        const at = new Date(Date.UTC(2031, 0, 1) + i * 1000).toISOString();
        const opened = roundOpened();
        const event = { ...opened, data: { ...opened.data, roundId, company, at } };
        openRound(event, context(roundId));
        openPosition(event, context(roundId));
        const admitted = investorAdmitted(investorId, 'major');
        admit({ ...admitted, data: { ...admitted.data, roundId, name: `@${investorId}` } }, context(roundId));
      }
      sql.run('COMMIT');
    });

    it('streams the whole filtered table as CSV, formulas escaped, in batches', async () => {
      const response = await api.get(`/reports/rounds?format=csv&company=${encodeURIComponent(company)}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-disposition']).toBe('attachment; filename="rounds.csv"');
      expect(response.headers['x-projection-checkpoint']).toMatch(/^\d+$/);
      const rows = parse(response.text, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(rounds);
      expect(new Set(rows.map((row) => row.roundId)).size).toBe(rounds);
      expect(rows.map((row) => row.roundId)).toEqual([...rows.map((row) => row.roundId)].sort());
      // A spreadsheet shows the name instead of running it.
      expect(rows.every((row) => row.company === `'${company}`)).toBe(true);
      expect(rows[0]).toMatchObject({ status: 'open', currency: 'CNY', targetAmount: '1000000.00', totalCommitted: '0.00', closedAt: '' });

      const positions = await api.get(`/reports/investors/${investorId}?format=csv`, 'investor', investorId);
      expect(positions.status).toBe(200);
      const held = parse(positions.text, { columns: true }) as Record<string, string>[];
      expect(held).toHaveLength(rounds);
      expect(held.every((row) => row.company === `'${company}` && row.committed === '0.00')).toBe(true);
    });

    it('pages an investor with thousands of positions the same way', async () => {
      const rows = await walk(`/reports/investors/${investorId}?limit=1000`, 'positions', 1000, 'investor', investorId);
      expect(rows).toHaveLength(rounds);
      expect(new Set(rows.map((row) => row.roundId)).size).toBe(rounds);
    });

    it('gives the event loop a turn between batches, and answers other requests mid-download', async () => {
      const log: string[] = [];
      const all = CachedSql.prototype.all;
      jest.spyOn(CachedSql.prototype, 'all').mockImplementation(function (this: CachedSql, sql, params) {
        if (sql.includes('FROM round_summaries r')) log.push('batch');
        return all.call(this, sql, params);
      });
      // An immediate always pending: it runs at every turn of the loop, so a turn taken shows in the log.
      let ticking = true;
      const tick = () => {
        if (log[log.length - 1] !== 'turn') log.push('turn');
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const response = await api.get(`/reports/rounds?format=csv&company=${encodeURIComponent(company)}`);
      ticking = false;
      expect(parse(response.text, { columns: true })).toHaveLength(rounds);

      const batches = log.filter((entry) => entry === 'batch').length;
      expect(batches).toBe(Math.ceil(rounds / CSV_BATCH_SIZE));
      const reading = log.slice(log.indexOf('batch'), log.lastIndexOf('batch') + 1).join(' ');
      expect(reading).not.toContain('batch batch');

      // A client that reads one chunk and stops: /health is still answered, the file still unfinished.
      const download = await openDownload(`/reports/rounds?format=csv&company=${encodeURIComponent(company)}`);
      const chunk = await firstChunk(download);
      expect(chunk.toString()).toMatch(/^roundId,company,/);
      expect((await api.http.get('/health')).status).toBe(200);
      expect(download.complete).toBe(false);
      const rest = await readToEnd(download);
      expect(parse(Buffer.concat([chunk, rest]).toString(), { columns: true })).toHaveLength(rounds);
    });

    it('closes the snapshot when the client goes away mid-download', async () => {
      const close = jest.spyOn(ReportSnapshot.prototype, 'close');
      const download = await openDownload(`/reports/rounds?format=csv&company=${encodeURIComponent(company)}`);
      await firstChunk(download);
      download.destroy();
      for (let waited = 0; close.mock.calls.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(close).toHaveBeenCalled();
    });
  });

  async function openDownload(path: string): Promise<IncomingMessage> {
    const { port } = api.testApp.app.getHttpServer().address() as AddressInfo;
    const headers = await tokenFor('auditor');
    return new Promise((resolve, reject) => httpGet({ host: '127.0.0.1', port, path, headers }, resolve).on('error', reject));
  }
});

function firstChunk(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    stream.once('data', (chunk: Buffer) => {
      stream.pause();
      resolve(chunk);
    });
    stream.once('error', reject);
  });
}

async function readToEnd(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
