// npx ts-node -r tsconfig-paths/register --transpile-only bench/token-cache.bench.ts [--seconds=5] [--turns=3]
//
// GET /rounds/:id on the real app with the verified-token cache on (AUTH_TOKEN_CACHE_SIZE's default) and
// off (0), taking turns so that other jobs on the machine weigh on both alike; the median turn of each.
// cpuPerRequest is the app process's CPU time per request (the load runs in child processes, so none of
// it is counted): sturdier than req/s when other jobs share the machine. Then the verifier alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { AppModule } from '../apps/deal-room/src/app.module';
import { parseAppConfig } from '../apps/deal-room/src/config/parse-app-config';
import { configureHttp, createHttpAdapter } from '../apps/deal-room/src/http';
import { mintToken, TokenVerifier } from '../apps/deal-room/src/auth';
import { LoadFigures, runLoadInChildProcess as runLoad } from './http-load';

const SECRET = 'deal-room-token-cache-bench-secret-0123456789abcdef';
const ROUNDS = 20;
const CLIENTS = 4;
const CONNECTIONS = 16;
const leadOf = (index: number) => `lead-${index}@company.example`;

type Turn = { figures: LoadFigures; cpuMsPerRequest: number };

async function turn(cacheSize: string, seconds: number): Promise<Turn> {
  const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-token-bench-'));
  const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', AUTH_TOKEN_CACHE_SIZE: cacheSize };
  const parsed = parseAppConfig(env);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(parsed.config, env), createHttpAdapter(), { logger: false });
  configureHttp(app);
  try {
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    const key = new TextEncoder().encode(SECRET);
    // A few clients, each with its own token, as a deal team's tools would be.
    const tokens = await Promise.all(
      Array.from({ length: CLIENTS }, (_, index) =>
        new SignJWT({ role: 'deal-lead' }).setProtectedHeader({ alg: 'HS256' }).setSubject(leadOf(index)).setIssuedAt().setExpirationTime('1h').sign(key),
      ),
    );
    const roundIds = await seed(port, tokens[0]);
    const requests = roundIds.map((roundId) => ({ method: 'GET' as const, path: `/rounds/${roundId}` }));
    // One load worker per client token, sharing the connections.
    const loadOf = (secondsEach: number) =>
      Promise.all(tokens.map((token) => runLoad({ port, requests, headers: { authorization: `Bearer ${token}` }, connections: CONNECTIONS / CLIENTS, seconds: secondsEach })));
    await loadOf(1);
    const before = process.cpuUsage();
    const parts = await loadOf(seconds);
    const cpu = process.cpuUsage(before);
    const requestsDone = parts.reduce((sum, part) => sum + part.requests, 0);
    const failures = Object.assign({}, ...parts.map((part) => part.failures));
    if (Object.keys(failures).length > 0) throw new Error(`answers that were not 2xx: ${JSON.stringify(failures)}`);
    const figures: LoadFigures = {
      requests: requestsDone,
      perSecond: parts.reduce((sum, part) => sum + part.perSecond, 0),
      p50Ms: Math.max(...parts.map((part) => part.p50Ms)),
      p99Ms: Math.max(...parts.map((part) => part.p99Ms)),
      failures,
    };
    return { figures, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, requestsDone) };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function seed(port: number, token: string): Promise<string[]> {
  const run = Date.now().toString(36);
  const roundIds = Array.from({ length: ROUNDS }, (_, index) => `bench-${run}-${index}`);
  for (const roundId of roundIds) {
    const response = await fetch(`http://127.0.0.1:${port}/rounds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        roundId, company: 'Bench Ltd.', name: 'Series A', currency: 'USD', targetAmount: '8000000.00', hardCap: '10000000.00',
        valuation: { amount: '50000000.00', basis: 'post-money' }, oversubscription: 'scale-back',
        // The clients are the round's deal team: a round answers only its own team's leads.
        dealTeam: Array.from({ length: CLIENTS }, (_, index) => leadOf(index)),
      }),
    });
    if (!response.ok) throw new Error(`POST /rounds: ${response.status} ${await response.text()}`);
  }
  return roundIds;
}

const median = (turns: Turn[], by: (turn: Turn) => number) => [...turns].sort((a, b) => by(a) - by(b))[Math.floor(turns.length / 2)];

async function main(): Promise<void> {
  const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const seconds = Number(args.get('seconds') ?? 5);
  const turns = Number(args.get('turns') ?? 3);
  const results: Record<'off' | 'on', Turn[]> = { off: [], on: [] };
  for (let index = 0; index < turns; index++) {
    results.off.push(await turn('0', seconds));
    results.on.push(await turn('10000', seconds));
  }
  for (const setting of ['off', 'on'] as const) {
    const perSecond = median(results[setting], (t) => t.figures.perSecond).figures;
    const ms = median(results[setting], (t) => t.cpuMsPerRequest).cpuMsPerRequest;
    console.log(
      `token cache ${setting.padEnd(3)}: ${perSecond.perSecond.toFixed(0).padStart(6)} req/s, p50 ${perSecond.p50Ms.toFixed(2)} ms, p99 ${perSecond.p99Ms.toFixed(2)} ms, ` +
        `app CPU ${(ms * 1000).toFixed(0)} µs/request  (turns: ${results[setting].map((t) => `${t.figures.perSecond.toFixed(0)} req/s ${(t.cpuMsPerRequest * 1000).toFixed(0)} µs`).join(', ')})`,
    );
  }
  await verifierAlone();
}

// The verifier by itself: one token checked 20,000 times, kept and not kept.
async function verifierAlone(): Promise<void> {
  const key = new TextEncoder().encode(SECRET);
  const token = await mintToken({ sub: 'lead@company.example', role: 'deal-lead' }, key);
  for (const cacheEntries of [0, 10_000]) {
    const verifier = new TokenVerifier(key, {}, { cacheEntries });
    for (let i = 0; i < 2_000; i++) await verifier.verify(token);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 20_000; i++) await verifier.verify(token);
    const micros = Number(process.hrtime.bigint() - started) / 1000 / 20_000;
    console.log(`TokenVerifier.verify, cache ${cacheEntries === 0 ? 'off' : 'on '}: ${micros.toFixed(2)} µs per call`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
