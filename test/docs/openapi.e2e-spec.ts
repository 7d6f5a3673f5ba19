import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/app-harness';
import { dealLeadToken, TEST_JWT_SECRET } from '../rounds/support/tokens';

const CHECKED_IN = join(__dirname, '../../docs/openapi.json');

interface Operation {
  operationId: string;
  security?: unknown[];
  description?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }> }>;
}

describe('API documentation', () => {
  let app: TestApp;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document, walked by path
  let document: { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, any>> };

  beforeAll(async () => {
    app = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET });
    document = (await app.http.get('/docs/openapi.json').expect(200).expect('Content-Type', /json/)).body;
  });
  afterAll(() => app.close());

  it('serves the checked-in document, so the API cannot drift from it unnoticed', () => {
    const served = `${JSON.stringify(document, null, 2)}\n`;
    const checkedIn = readFileSync(CHECKED_IN, 'utf8');
    if (served !== checkedIn) {
      throw new Error('docs/openapi.json differs from the document the app serves: run `npm run openapi` and commit docs/openapi.json');
    }
  });

  it('gives every operation its summary and answer (an entry in http/openapi-operations.ts)', () => {
    const paths = document.paths as Record<string, Record<string, { operationId: string; summary?: string }>>;
    const undocumented = Object.values(paths).flatMap((operations) => Object.values(operations).filter((operation) => !operation.summary).map((operation) => operation.operationId));
    expect(undocumented).toEqual([]);
  });

  it('serves the reference UI at /docs, which its CSP lets load its own scripts', async () => {
    const page = await app.http.get('/docs').redirects(1).expect(200).expect('Content-Type', /html/);
    expect(page.text).toContain('swagger-ui');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // The API's answers keep the strict policy.
    const json = await app.http.get('/docs/openapi.json');
    expect(json.headers['content-security-policy']).toContain("default-src 'none'");
    expect(json.headers['content-security-policy']).not.toContain('script-src');
  });

  it('documents every field of a request body, with its rules and an example', () => {
    const open = document.components.schemas.OpenRoundRequest;
    expect(open.required).toEqual(expect.arrayContaining(['company', 'name', 'currency', 'targetAmount', 'hardCap', 'valuation', 'oversubscription']));
    expect(open.required).not.toContain('disclosure');
    expect(open.properties.currency.enum).toEqual(['CNY', 'USD', 'EUR', 'GBP', 'HKD', 'SGD', 'JPY', 'KRW']);
    expect(open.properties.oversubscription.enum).toEqual(['scale-back', 'reject']);
    expect(open.properties.targetAmount.pattern).toBeDefined();
    expect(open.properties.targetAmount.description).toContain('major unit');
    expect(open.properties.company).toMatchObject({ minLength: 1, maxLength: 200, example: expect.any(String) });
    expect(open.properties.roundId.pattern).toBe('^[A-Za-z0-9._:-]{1,128}$');
    const commit = document.components.schemas.MakeCommitmentRequest;
    expect(Object.keys(commit.properties)).toEqual(['amount', 'currency']);
  });

  it('documents the shape of a term value for each key', () => {
    const term = document.components.schemas.ProposeTermRequest.properties;
    expect(term.key.pattern).toContain('liquidation-preference');
    expect(term.value.oneOf).toHaveLength(6);
    expect(document.components.schemas.TermLiquidationPreference.required).toEqual(['multiple', 'participating']);
    expect(document.components.schemas.TermRoundSize.properties.hardCap.pattern).toBeDefined();
  });

  it('documents the bearer scheme, required everywhere but on public routes', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const health = Object.values(document.paths).flatMap((item) => Object.values(item)).filter((op) => op.operationId.startsWith('Health'));
    expect(health.length).toBeGreaterThan(0);
    for (const operation of health) expect(operation.security).toEqual([]);
    expect(document.paths['/rounds'].post.security).toBeUndefined();
    expect(document.paths['/rounds'].post.description).toContain('Roles: deal-lead');
  });

  it('gives every refusal a problem+json schema narrowed to its codes, with an example of each', () => {
    const commit = document.paths['/rounds/{roundId}/commitments/{investorId}'].put;
    const unprocessable = commit.responses['422'].content!['application/problem+json'];
    expect(JSON.stringify(unprocessable.schema)).toContain('#/components/schemas/ProblemDetails');
    expect(Object.keys(unprocessable.examples!)).toEqual(expect.arrayContaining(['ROUND_FULL', 'COMMITMENT_EXCEEDS_HARD_CAP', 'IDEMPOTENCY_KEY_REUSED']));
    expect(Object.keys(commit.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '503']));
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item)) {
        if (operation.security?.length === 0) continue;
        expect([path, operation.responses['401']?.content?.['application/problem+json']]).toEqual([path, expect.anything()]);
      }
    }
    expect(document.components.examples.ROUND_FULL.value).toMatchObject({ type: '/problems/round-full', status: 422, code: 'ROUND_FULL' });
  });

  it('answers a problem whose type resolves to a page explaining its code', async () => {
    const token = await dealLeadToken();
    const refused = await app.http.get('/rounds/never-opened').set('Authorization', `Bearer ${token}`).expect(404);
    expect(refused.body.type).toBe('/problems/round-not-found');
    const page = await app.http.get(refused.body.type).expect(200).expect('Content-Type', /text\/html/);
    expect(page.text).toContain('ROUND_NOT_FOUND');
    expect(page.text).toContain('never opened');
    const index = await app.http.get('/problems').expect(200);
    for (const code of document.components.schemas.ProblemDetails.properties.code.enum as string[]) {
      expect(index.text).toContain(`id="${code}"`);
    }
    await app.http.get('/problems/no-such-thing').expect(404).expect('Content-Type', /problem\+json/);
  });
});
