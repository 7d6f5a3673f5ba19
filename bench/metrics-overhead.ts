// npx ts-node -r tsconfig-paths/register --transpile-only bench/metrics-overhead.ts
// What the request metrics add to each request: the timing middleware and AppMetrics.observe (histogram,
// counters), on the hot path of every request, measured in a loop against a bare middleware call.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { observeRequests } from '../apps/deal-room/src/http/request-observer';
import { AppMetrics } from '../apps/deal-room/src/metrics/app-metrics';

const ROUTES = ['/rounds/:roundId', '/rounds/:roundId/commitments/:investorId', '/rounds', '/reports/rounds'];

function fakeExchange(index: number) {
  const response = Object.assign(new EventEmitter(), {
    statusCode: index % 10 === 0 ? 422 : 200,
    getHeader: (name: string) => (name === 'Idempotent-Replayed' && index % 50 === 0 ? 'true' : undefined),
  });
  const request = { method: index % 2 ? 'GET' : 'PUT', route: { path: ROUTES[index % ROUTES.length] }, baseUrl: '', command: index % 2 ? undefined : 'MakeCommitment' };
  return { request, response };
}

function run(label: string, n: number, middleware: (req: never, res: never, next: () => void) => void): number {
  const next = () => undefined;
  const started = process.hrtime.bigint();
  for (let index = 0; index < n; index++) {
    const { request, response } = fakeExchange(index);
    middleware(request as never, response as never, next);
    response.emit('finish');
  }
  const perRequestUs = Number(process.hrtime.bigint() - started) / 1e3 / n;
  console.log(`${label}: ${perRequestUs.toFixed(3)} µs per request`);
  return perRequestUs;
}

const n = Number(process.argv[2] ?? 500_000);
const metrics = new AppMetrics();
const bare = (_req: never, res: ServerResponse, next: () => void) => {
  res.once('finish', () => undefined);
  next();
};
for (let turn = 0; turn < 3; turn++) {
  const base = run('baseline (a finish listener)', n, bare as never);
  const measured = run('with request metrics      ', n, observeRequests(metrics) as never);
  console.log(`  added: ${(measured - base).toFixed(3)} µs per request`);
}
