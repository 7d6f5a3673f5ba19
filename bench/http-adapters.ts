// The HTTP path's share of a request: a bare Nest endpoint on Express and on Fastify against the real app
// (on Fastify, as it is served), under the same keep-alive load.
import { Body, Controller, Get, INestApplication, Module, Param, Put } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { AppModule } from '../apps/deal-room/src/app.module';
import { parseAppConfig } from '../apps/deal-room/src/config/parse-app-config';
import { configureHttp, createHttpAdapter } from '../apps/deal-room/src/http';
import { createValidationPipe } from '../apps/deal-room/src/http/create-validation-pipe';
import { MakeCommitmentRequest } from '../apps/deal-room/src/rounds/make-commitment/make-commitment.request.dto';
import { CpuProfile, ProfileShares, profiled, shares } from './cpu-profile';
import { LoadFigures, LoadRequest, runLoad } from './http-load';

export interface HttpBenchOptions {
  /** Length of each measured load; each is preceded by a one-second warm-up (a tenth of `seconds` if shorter). */
  seconds: number;
  rounds: number;
  investors: number;
  /** Turns each adapter takes at each bare route; the median is reported. */
  repeats: number;
  /** Profile the main thread during the app's PUT load and write the .cpuprofile here. */
  profile?: string;
}

export interface HttpBenchFigures {
  options: HttpBenchOptions;
  rows: Row[];
  profile?: ProfileShares & { requests: number };
}

/** `mainThreadMsPerRequest`: the server's event loop busy time over the load, per request; sturdier than req/s when other jobs share the CPU. */
export type Row = { what: string; figures: LoadFigures; mainThreadMsPerRequest: number };

/** The real app, as main.ts serves it. */
export const APP = 'app on Fastify';

const SECRET = 'deal-room-http-bench-secret-0123456789abcdefghij';

@Controller()
class BareController {
  @Get('ping')
  ping() {
    return { status: 'ok' };
  }

  // The app's own DTO and validation pipe, so the bare PUT pays for validation exactly as the app does.
  @Put('rounds/:roundId/commitments/:investorId')
  commit(@Param('roundId') roundId: string, @Param('investorId') investorId: string, @Body() body: MakeCommitmentRequest) {
    return { roundId, investorId, amount: body.amount, currency: body.currency };
  }

  // The same with an untyped body, which the pipe lets through: the difference is what validation costs.
  @Put('unvalidated/:roundId/commitments/:investorId')
  commitUnvalidated(@Param('roundId') roundId: string, @Param('investorId') investorId: string, @Body() body: Record<string, string>) {
    return { roundId, investorId, amount: body.amount, currency: body.currency };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function listen(app: INestApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as { port: number }).port;
}

// A mistyped adapter argument makes NestFactory quietly fall back to Express: check what is serving.
function adapterOf(app: INestApplication): string {
  return app.getHttpAdapter().getType();
}

async function bareExpress(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  app.useGlobalPipes(createValidationPipe());
  return app;
}

async function bareFastify(): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.useGlobalPipes(createValidationPipe());
  return app;
}

const commitments = (roundIds: string[], investorIds: string[]): LoadRequest[] =>
  // Two passes with different amounts, cycled: every PUT changes the commitment, so every one appends.
  ['150000.00', '200000.00'].flatMap((amount) =>
    roundIds.flatMap((roundId) =>
      investorIds.map((investorId) => ({
        method: 'PUT' as const,
        path: `/rounds/${roundId}/commitments/${investorId}`,
        body: JSON.stringify({ amount, currency: 'USD' }),
      })),
    ),
  );

// Both adapters listen at once and take turns, route by route, `repeats` times; each figure is the median
// of its turns. On a shared machine the load of other jobs drifts over a run, and turns spread it evenly.
async function measureBare(apps: Array<[string, INestApplication]>, rows: Row[], { seconds, repeats }: HttpBenchOptions): Promise<void> {
  for (const [name, app] of apps) {
    if (adapterOf(app) !== name.toLowerCase()) throw new Error(`bare ${name} is served by ${adapterOf(app)}`);
  }
  const ports = await Promise.all(apps.map(([, app]) => listen(app)));
  const put = commitments(['r-1', 'r-2'], ['i-1', 'i-2']);
  const routes: Array<[string, LoadRequest[]]> = [
    ['GET /ping', [{ method: 'GET', path: '/ping' }]],
    ["PUT (app's DTO and pipe)", put],
    ['PUT (no DTO)', put.map((request) => ({ ...request, path: `/unvalidated${request.path.slice('/rounds'.length)}` }))],
  ];
  const turns = new Map<string, Row[]>();
  for (let turn = 0; turn < repeats; turn++) {
    for (const [route, requests] of routes) {
      for (const [index, [name]] of apps.entries()) {
        const what = `bare ${name}: ${route}`;
        turns.set(what, [...(turns.get(what) ?? []), await load(what, ports[index], requests, 32, seconds)]);
      }
    }
  }
  for (const measured of turns.values()) rows.push(median(measured));
  await Promise.all(apps.map(([, app]) => app.close()));
}

function median(turns: Row[]): Row {
  const middle = <T>(values: T[], by: (value: T) => number) => [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)];
  const { what, figures } = middle(turns, (row) => row.figures.perSecond);
  return { what, figures, mainThreadMsPerRequest: middle(turns, (row) => row.mainThreadMsPerRequest).mainThreadMsPerRequest };
}

/** A warm-up (JIT, sockets, caches), then the measured load, with the server thread's busy time per request. */
async function load(what: string, port: number, requests: LoadRequest[], connections: number, seconds: number, headers: Record<string, string> = {}, measure = runLoad): Promise<Row> {
  await runLoad({ port, requests, headers, connections, seconds: Math.min(1, seconds / 10) });
  const before = performance.eventLoopUtilization();
  const figures = await measure({ port, requests, headers, connections, seconds });
  const { active } = performance.eventLoopUtilization(before);
  return { what, figures, mainThreadMsPerRequest: active / Math.max(1, figures.requests) };
}

async function measureApp(rows: Row[], { seconds, rounds, investors, profile: profileFile }: HttpBenchOptions): Promise<HttpBenchFigures['profile']> {
  const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-http-bench-'));
  const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0' };
  const parsed = parseAppConfig(env);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(parsed.config, env), createHttpAdapter(), { logger: false });
  configureHttp(app);
  try {
    const port = await listen(app);
    const token = await new SignJWT({ role: 'deal-lead' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench@company.example')
      .setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    const headers = { authorization: `Bearer ${token}` };
    const { roundIds, investorIds } = await seed(port, headers, rounds, investors);

    rows.push(await load(`${APP}: GET /health`, port, [{ method: 'GET', path: '/health' }], 16, seconds));
    const view = roundIds.map((roundId) => ({ method: 'GET' as const, path: `/rounds/${roundId}` }));
    rows.push(await load(`${APP}: GET /rounds/:id`, port, view, 16, seconds, headers));
    const put = commitments(roundIds, investorIds);
    if (profileFile === undefined) {
      rows.push(await load(`${APP}: PUT commitments, 64 conn.`, port, put, 64, seconds, headers));
      return undefined;
    }
    let profile: CpuProfile | undefined;
    const row = await load(`${APP}: PUT commitments, 64 conn. (profiled)`, port, put, 64, seconds, headers, async (options) => {
      const run = await profiled(profileFile, () => runLoad(options));
      profile = run.profile;
      return run.result;
    });
    rows.push(row);
    return { ...shares(profile!), requests: row.figures.requests };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Rounds of ten investors each, opened and filled in through the API itself.
async function seed(port: number, headers: Record<string, string>, rounds: number, investors: number): Promise<{ roundIds: string[]; investorIds: string[] }> {
  const send = async (method: string, path: string, body: object) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  };
  const run = Date.now().toString(36);
  const roundIds = Array.from({ length: rounds }, (_, index) => `bench-${run}-${index}`);
  const investorIds = Array.from({ length: investors }, (_, index) => `investor-${index}`);
  await Promise.all(
    roundIds.map(async (roundId) => {
      await send('POST', '/rounds', {
        roundId, company: 'Bench Ltd.', name: 'Series A', currency: 'USD', targetAmount: '8000000.00', hardCap: '10000000.00',
        minimumAmount: '5000000.00', minimumTicket: '100000.00', valuation: { amount: '50000000.00', basis: 'post-money' }, oversubscription: 'scale-back',
      });
      for (const investorId of investorIds) await send('POST', `/rounds/${roundId}/investors`, { investorId, tier: 'major', name: `${investorId} Capital` });
    }),
  );
  return { roundIds, investorIds };
}

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchFigures> {
  const rows: Row[] = [];
  const bare: Array<[string, INestApplication]> = [['Express', await bareExpress()], ['Fastify', await bareFastify()]];
  await measureBare(bare, rows, options);
  const profile = await measureApp(rows, options);
  return { options, rows, profile };
}

export function formatHttpBench({ options, rows, profile }: HttpBenchFigures): string {
  const lines = [`${options.seconds} s per load (bare: median of ${options.repeats} alternating turns), loads from a worker thread, keep-alive; ${options.rounds} rounds x ${options.investors} investors`];
  lines.push(...rows.map(({ what, mainThreadMsPerRequest, figures: { perSecond, p50Ms, p99Ms, requests, failures } }) => {
    const failed = Object.keys(failures).length > 0 ? `  FAILURES ${JSON.stringify(failures)}` : '';
    const figures = `${perSecond.toFixed(0).padStart(6)} req/s  p50 ${p50Ms.toFixed(1).padStart(6)} ms  p99 ${p99Ms.toFixed(1).padStart(7)} ms  server ${mainThreadMsPerRequest.toFixed(3)} ms/req`;
    return `${what.padEnd(52)} ${figures}  (${requests})${failed}`;
  }));
  const row = (what: string) => rows.find((candidate) => candidate.what === what);
  for (const route of ['GET /ping', "PUT (app's DTO and pipe)", 'PUT (no DTO)']) {
    const [express, fastify] = [row(`bare Express: ${route}`), row(`bare Fastify: ${route}`)];
    if (!express || !fastify) continue;
    const rate = express.figures.perSecond / fastify.figures.perSecond;
    const cost = fastify.mainThreadMsPerRequest / express.mainThreadMsPerRequest;
    lines.push(`bare ${route}: Express/Fastify req/s = ${rate.toFixed(2)}, Fastify/Express server ms/req = ${cost.toFixed(2)}`);
  }
  if (profile) {
    const perRequest = profile.busyMs / profile.requests;
    lines.push(`main thread under the PUT load: ${profile.busyMs.toFixed(0)} ms busy (${perRequest.toFixed(2)} ms a request), ${profile.idleMs.toFixed(0)} ms idle; self time by group:`);
    for (const { group, ms, share } of profile.rows.slice(0, 18)) lines.push(`  ${(share * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms  ${group}`);
  }
  return lines.join('\n');
}
