import { createTestApp, TestApp } from './support/app-harness';
import { bearer, dealLeadToken, TEST_JWT_SECRET } from './rounds/support/tokens';

/** The value of one sample line (`name{labels} value`), or undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((pair) => line.includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const openRound = (roundId: string) => ({
  roundId,
  company: 'Acme',
  name: 'Seed',
  currency: 'USD',
  targetAmount: '1000000',
  hardCap: '2000000',
  valuation: { amount: '5000000', basis: 'pre-money' },
  oversubscription: 'scale-back',
});

describe('GET /metrics', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET, RATE_LIMIT_PER_IP: '5' });
    token = await dealLeadToken();
  });
  afterAll(() => app.close());

  const scrape = async () => (await app.http.get('/metrics').expect(200).expect('Content-Type', /text\/plain.*version=0\.0\.4/)).text;

  it('counts commands by name and outcome, replays, appends and latency by route template', async () => {
    const roundId = `metrics-${Date.now()}`;
    const key = `key-${roundId}`;
    await app.http.post('/rounds').set(bearer(token)).set('Idempotency-Key', key).send(openRound(roundId)).expect(201);
    await app.http.post('/rounds').set(bearer(token)).set('Idempotency-Key', key).send(openRound(roundId)).expect(201).expect('Idempotent-Replayed', 'true');
    await app.http.post('/rounds').set(bearer(token)).send(openRound(roundId)).expect(409);
    await app.http.get(`/rounds/${roundId}`).set(bearer(token)).expect(200);

    const text = await scrape();
    expect(sample(text, 'deal_room_commands_total', { command: 'OpenRound', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'deal_room_commands_total', { command: 'OpenRound', outcome: 'replayed' })).toBe(1);
    expect(sample(text, 'deal_room_commands_total', { command: 'OpenRound', outcome: 'ROUND_ALREADY_EXISTS' })).toBe(1);
    expect(sample(text, 'deal_room_idempotent_replays_total')).toBe(1);
    expect(sample(text, 'deal_room_event_store_appends_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/rounds/:roundId', status: '200' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/rounds', status: '201' })).toBe(2);
    // The round's id never becomes a label: one series per route, not per round.
    expect(text).not.toContain(roundId);
  });

  it('reports the projections and the subscription that feeds them, and the process', async () => {
    const text = await scrape();
    for (const projection of ['round-summaries', 'investor-positions']) {
      expect(sample(text, 'deal_room_projection_lag', { projection })).toEqual(expect.any(Number));
      expect(sample(text, 'deal_room_projection_checkpoint_position', { projection })).toEqual(expect.any(Number));
    }
    expect(sample(text, 'deal_room_event_store_head_position')).toBeGreaterThan(0);
    expect(sample(text, 'deal_room_subscription_starts_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));
  });

  it('counts refusals by status and code, 401 and 429 among them', async () => {
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) status = (await app.http.get('/rounds/anything')).status;
    expect(status).toBe(429);
    const text = await scrape();
    expect(sample(text, 'deal_room_problems_total', { status: '401', code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'deal_room_problems_total', { status: '429', code: 'RATE_LIMITED' })).toBeGreaterThanOrEqual(1);
    // /metrics itself is exempt from the limit that now refuses this client.
    await scrape();
  });
});
