import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { httpLoad, stopLoadGenerator } from '../bench/product/http-load';
import { commitment, Counters, HttpRequest, Investor, LoadPlan, requestsOf } from '../bench/product/load-plan';

const investors: Investor[] = [0, 1, 2].map((i) => ({ id: `investor-${i}`, token: `token-${i}` }));
const roundIds = ['spread-0', 'spread-1', 'spread-2', 'spread-3'];
const amountOf = (request: HttpRequest) => BigInt(JSON.parse(request.body!).amount);

/** What the closures of run-product-benchmark.ts made before the plans, written out again as they were. */
function closuresBeforePlans() {
  let amount = 1_000_000;
  const put = (roundId: string, investor: number): HttpRequest => ({
    method: 'PUT',
    path: `/rounds/${roundId}/commitments/investor-${investor}`,
    body: JSON.stringify({ amount: String((amount += 1)), currency: 'EUR' }),
    token: `token-${investor}`,
  });
  let n = 0;
  const spread = () => {
    n += 1;
    return put(`spread-${n % roundIds.length}`, Math.floor(n / roundIds.length) % investors.length);
  };
  const oneRound = () => put('one', (n += 1) % investors.length);
  return { put, spread, oneRound };
}

/** One load as httpLoad runs it: the plan crosses to the generator as data, its counters come back. */
function generatorLoad(plan: LoadPlan, requests: number): HttpRequest[] {
  const copy = JSON.parse(JSON.stringify(plan)) as LoadPlan;
  const next = requestsOf(copy);
  const made = Array.from({ length: requests }, next);
  if (plan.kind !== 'fixed' && copy.kind !== 'fixed') Object.assign(plan.counters, copy.counters);
  return made;
}

describe('load plans', () => {
  it('make the requests the closures made, loads and sequential writes continuing one sequence', () => {
    const old = closuresBeforePlans();
    const before = [
      ...Array.from({ length: 7 }, old.spread), // warm-up
      ...Array.from({ length: 13 }, old.spread),
      ...Array.from({ length: 5 }, old.oneRound),
      ...Array.from({ length: 4 }, (_, i) => old.put('sequential', i % investors.length)),
      ...Array.from({ length: 6 }, old.spread),
    ];
    const counters: Counters = { requests: 0, amount: 1_000_000 };
    const spread: LoadPlan = { kind: 'spread', roundIds, investors, currency: 'EUR', counters };
    const oneRound: LoadPlan = { kind: 'one-round', roundId: 'one', investors, currency: 'EUR', counters };
    const now = [
      ...generatorLoad(spread, 7),
      ...generatorLoad(spread, 13),
      ...generatorLoad(oneRound, 5),
      ...Array.from({ length: 4 }, (_, i) => commitment('sequential', investors[i % investors.length], 'EUR', counters)),
      ...generatorLoad(spread, 6),
    ];
    expect(now).toEqual(before);
    const amounts = now.map(amountOf);
    expect(amounts.every((amount, i) => i === 0 || amount > amounts[i - 1])).toBe(true);
    expect(new Set(now.filter((r) => r.path.startsWith('/rounds/spread-')).map((r) => r.path)).size).toBe(roundIds.length * investors.length);
  });

  it('make the same request every time for a fixed plan, without counters', () => {
    const plan: LoadPlan = { kind: 'fixed', request: { method: 'GET', path: '/rounds/small' } };
    expect(generatorLoad(plan, 3)).toEqual([0, 1, 2].map(() => ({ method: 'GET', path: '/rounds/small' })));
  });
});

interface Received {
  method: string;
  path: string;
  token?: string;
  body: string;
}

interface RunningGenerator {
  pid: number;
  /** Of each thread: field 19 of its stat. */
  nice: number[];
}

/** The load generators this process started that are still running. */
function generators(): RunningGenerator[] {
  const found: RunningGenerator[] = [];
  const fieldsOf = (path: string) => readFileSync(path, 'utf8').split(') ')[1].split(' ');
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (Number(fieldsOf(`/proc/${pid}/stat`)[1]) !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('load-generator')) continue;
      if (fieldsOf(`/proc/${pid}/stat`)[0] === 'Z') continue;
      found.push({ pid: Number(pid), nice: readdirSync(`/proc/${pid}/task`).map((tid) => Number(fieldsOf(`/proc/${pid}/task/${tid}/stat`)[16])) });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

// The generator runs in a child process (load-generator.ts); this tiny server answers it in this one.
describe('httpLoad through the generator process', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let seen: RunningGenerator[];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (received.length === 0) seen = generators();
        received.push({ method: request.method!, path: request.url!, token: request.headers.authorization?.replace('Bearer ', ''), body });
        // Investor 1 is refused: its answers are the load's failures.
        response.writeHead(request.url!.endsWith('/investor-1') ? 503 : 200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await stopLoadGenerator();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    received = [];
    seen = [];
  });

  it('sends the plan requests, counts 2xx answers and non-2xx as failures, and continues the amounts in the next load', async () => {
    const counters: Counters = { requests: 0, amount: 5_000 };
    const plan: LoadPlan = { kind: 'spread', roundIds, investors, currency: 'EUR', counters };
    const expected = new Map(generatorLoad({ ...plan, counters: { ...counters } }, 100_000).map((r) => [r.body, r]));

    // One connection: the requests reach the server in the order they were made.
    const first = await httpLoad({ url, connections: 1, seconds: 1, plan, serverPid: process.pid });
    const [firstReceived, firstSeen] = [received, seen];
    received = [];
    const second = await httpLoad({ url, connections: 1, seconds: 1, plan });
    // One generator, kept for the next load: its JIT is as warm as the warm-up left it.
    expect(firstSeen.map((g) => g.pid)).toHaveLength(1);
    expect(seen.map((g) => g.pid)).toEqual(firstSeen.map((g) => g.pid));

    for (const [load, got] of [[first, firstReceived], [second, received]] as const) {
      expect(got.length).toBeGreaterThan(10);
      const refused = got.filter((r) => r.path.endsWith('/investor-1')).length;
      // A load stops with its last request unanswered at most (one connection).
      expect(load.count + load.failures).toBeGreaterThanOrEqual(got.length - 1);
      expect(load.count + load.failures).toBeLessThanOrEqual(got.length);
      expect(load.failures).toBeGreaterThanOrEqual(Math.max(1, refused - 1));
      expect(load.failures).toBeLessThanOrEqual(refused);
    }
    expect(first.mainThreadMs).toBeGreaterThanOrEqual(0);

    const all = [...firstReceived, ...received];
    expect(all.map((r) => ({ ...r, body: JSON.parse(r.body) }))).toEqual(
      all.map((r) => {
        const { method, path, token, body } = expected.get(r.body)!;
        return { method, path, token, body: JSON.parse(body!) };
      }),
    );
    const amounts = all.map((r) => BigInt(JSON.parse(r.body).amount));
    expect(amounts.every((amount, i) => i === 0 || amount > amounts[i - 1])).toBe(true);
    expect(counters.requests).toBeGreaterThanOrEqual(all.length);
    expect(counters.amount).toBe(5_000 + counters.requests);
  }, 120_000);

  it('runs the generator at the niceness asked for, every thread of it, and leaves no process behind once stopped', async () => {
    await httpLoad({ url, connections: 1, seconds: 1, plan: { kind: 'fixed', request: { method: 'GET', path: '/warm' } } });
    const [atZero] = seen;
    received = [];
    const load = await httpLoad({ url, connections: 2, seconds: 1, token: 'lead', plan: { kind: 'fixed', request: { method: 'GET', path: '/rounds/small' } }, nice: 7 });
    expect(load.failures).toBe(0);
    expect(load.count).toBeGreaterThanOrEqual(received.length - 2);
    expect(load.count).toBeLessThanOrEqual(received.length);
    expect(new Set(received.map((r) => `${r.method} ${r.path} ${r.token}`))).toEqual(new Set(['GET /rounds/small lead']));
    // Another niceness, another generator: the one before is gone.
    expect(seen).toHaveLength(1);
    expect(seen[0].pid).not.toBe(atZero.pid);
    expect(seen[0].nice.length).toBeGreaterThan(1);
    expect(new Set(seen[0].nice)).toEqual(new Set([7]));
    expect(new Set(atZero.nice)).toEqual(new Set([0]));
    await stopLoadGenerator();
    expect(generators()).toEqual([]);
  }, 120_000);

  // Unreferenced between loads, the generator once let the bench exit while it waited for it to stop,
  // before bench:product printed its figures.
  it('keeps a process that stops the generator alive until it has gone', async () => {
    const script = `
      const { httpLoad, stopLoadGenerator } = require('./bench/product/http-load');
      httpLoad({ url: ${JSON.stringify(url)}, connections: 1, seconds: 1, plan: { kind: 'fixed', request: { method: 'GET', path: '/' } } })
        .then((load) => stopLoadGenerator().then(() => console.log(JSON.stringify({ stopped: load.count > 0 }))));`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: join(__dirname, '..') }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      ),
    );
    expect(stdout.trim()).toBe('{"stopped":true}');
  }, 120_000);

  it('fails the load with the error of the generator, and leaves no process behind', async () => {
    const plan: LoadPlan = { kind: 'fixed', request: { method: 'GET', path: '/' } };
    await httpLoad({ url, connections: 1, seconds: 1, plan });
    await expect(httpLoad({ url, connections: 0, seconds: 1, plan })).rejects.toThrow(/the load generator failed: .*connections/);
    expect(generators()).toEqual([]);
    received = [];
    // The next load starts a new one.
    expect((await httpLoad({ url, connections: 1, seconds: 1, plan })).count).toBeGreaterThan(0);
  }, 120_000);
});
