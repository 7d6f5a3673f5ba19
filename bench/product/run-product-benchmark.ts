import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENCY, investorId } from './app-events';
import { httpLoad, sequential, settle, stopLoadGenerator } from './http-load';
import { hiddenVsMissing, HiddenVsMissing, OUTSIDER } from './hidden-rounds';
import { Load } from './latency';
import { commitment, Counters, LoadPlan } from './load-plan';
import { populateStore, RoundPlan } from './populate';
import { buildApp, memoryOf, Memory, spawnApp, spawnBareNest, Spawned } from './processes';
import { ProductRunOptions, ProductScale } from './product-scale';
import { measureRawAppends, RawAppendFigures } from './raw-appends';
import { benchTokens } from './tokens';
import { measureReadAll, measureRebuild, ReadAllFigures, RebuildFigures } from './rebuild';
import { PROJECTIONS } from '../../apps/deal-room/src/projections/registrations';

export interface ProductFigures {
  scale: ProductScale;
  cores: number;
  loadAverageAtStart: number[];
  /** The load generator's niceness (`--load-nice`); it runs in a process of its own. */
  loadNice: number;
  baselines: { rawAppends: RawAppendFigures; bareNest: { commandConnections: Load; readConnections: Load } };
  commands: { spread: Load; oneRound: Load };
  reads: { smallRound: Load; largeRound: Load };
  /**
   * An investor the large round did not admit, asking for it and for a round that never was: on the app
   * that keeps the round's state (warm), and on one that keeps none (STATE_CACHE_MB=0: every request
   * starts from the store, as the first one after a start does).
   */
  hiddenRounds: { warm: HiddenVsMissing; cold: HiddenVsMissing; warmPut: HiddenVsMissing };
  /** One writer, one PUT after another: on a round of a few events, then on the large round. */
  sequentialWrites: { onSmallRound: Load; onLargeRound: Load };
  /** Seconds from spawn to the first 200 of /health. */
  startup: {
    workloadStoreEvents: number;
    workloadStoreSeconds: number;
    largeStoreEvents: number;
    /** No projection database yet: the projections start catching up from the beginning. */
    largeStoreColdSeconds: number;
    /** After the rebuilds: every checkpoint at the head. */
    largeStoreSeconds: number;
  };
  rebuilds: { readAll: ReadAllFigures; projections: RebuildFigures[] };
  memory: { afterLoads: Memory; largeStoreAtReady: Memory; bareNest: Memory };
  ratios: Record<string, number>;
}

const log = (line: string) => process.stderr.write(`[bench:product] ${line}\n`);

export async function runProductBenchmark(scale: ProductScale, { keep = false, cpuProfileDir, loadNice = 0 }: ProductRunOptions = {}): Promise<ProductFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'deal-room-product-bench-'));
  const loadAverageAtStart = loadavg();
  try {
    if (scale.runner === 'dist') {
      log('building the app (nest build), not timed');
      await buildApp();
    }
    const appEnv = (dataDir: string) => ({
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_PER_IP: '0',
      LOG_LEVEL: scale.logLevel,
      // The data sets are written into the embedded store, and the token is signed with DATA_DIR's secret.
      EVENTSTORE_CONNECTION_STRING: undefined,
      AUTH_JWT_SECRET: undefined,
      AUTH_JWKS_URL: undefined,
      AUTH_JWT_ISSUER: undefined,
      AUTH_JWT_AUDIENCE: undefined,
    });

    const workload = join(dir, 'workload');
    mkdirSync(workload);
    const plans = workloadRounds(scale);
    const workloadStoreEvents = await populateStore(workload, plans, 'workload rounds');
    const tokens = benchTokens(workload);
    const token = await tokens.lead();
    const outsider = await tokens.token({ sub: 'bench-outsider', role: 'investor', investorId: OUTSIDER });
    const investorTokens = await tokens.investors(scale.investors);
    const probes = scale.name === 'smoke' ? 10 : 200;

    log(`raw appends: ${scale.connections} writers, ${scale.seconds} s spread and ${scale.seconds} s on one stream`);
    const rawAppends = await measureRawAppends(join(dir, 'raw'), scale.connections, scale.rounds, scale.seconds);

    log('bare Nest endpoint');
    const bare = await spawnBareNest({ env: {}, logFile: join(dir, 'bare-nest.log') });
    let bareNest;
    let bareMemory: Memory;
    try {
      const ping: LoadPlan = { kind: 'fixed', request: { method: 'GET', path: '/ping' } };
      await warmUp(bare, scale, ping, loadNice);
      bareNest = {
        commandConnections: await httpLoad({ url: bare.url, connections: scale.connections, seconds: scale.seconds, plan: ping, serverPid: bare.pid, nice: loadNice }),
        readConnections: await httpLoad({ url: bare.url, connections: scale.readConnections, seconds: scale.seconds, plan: ping, serverPid: bare.pid, nice: loadNice }),
      };
      bareMemory = bare.rss();
    } finally {
      await bare.stop();
    }

    log('the product: commands, reads, sequential writes');
    const app = await spawnApp({ runner: scale.runner, env: appEnv(workload), logFile: join(dir, 'app.log'), cpuProfileDir });
    let product;
    try {
      product = await productLoads(app, scale, token, investorTokens, loadNice);
      log(`hidden against missing rounds, ${probes} of each, warm`);
      product.hiddenWarm = await hiddenVsMissing(app.url, outsider, ROUND.large, probes);
      product.hiddenWarmPut = await hiddenVsMissing(app.url, outsider, ROUND.large, probes, 'PUT');
    } finally {
      await app.stop();
    }
    log(`hidden against missing rounds, ${probes} of each, on an app that keeps no state`);
    const keepsNothing = await spawnApp({ runner: scale.runner, env: { ...appEnv(workload), STATE_CACHE_MB: '0' }, logFile: join(dir, 'app-no-cache.log') });
    let hiddenCold: HiddenVsMissing;
    try {
      hiddenCold = await hiddenVsMissing(keepsNothing.url, outsider, ROUND.large, probes);
    } finally {
      await keepsNothing.stop();
    }

    const large = join(dir, 'large');
    mkdirSync(large);
    const largeStoreEvents = await populateStore(large, largeStoreRounds(scale.storeEvents), 'large store');
    log(`start-up on ${largeStoreEvents.toLocaleString('en-US')} events, no read models yet`);
    const cold = await spawnApp({ runner: scale.runner, env: appEnv(large), logFile: join(dir, 'app-large-cold.log') });
    await cold.stop();
    log('raw readAll of that store, then a rebuild of each projection');
    const readAll = await measureReadAll(large);
    const projections: RebuildFigures[] = [];
    for (const { name } of PROJECTIONS) projections.push(await measureRebuild(name, large, scale.runner));
    log('start-up on that store, read models at the head');
    const warm = await spawnApp({ runner: scale.runner, env: appEnv(large), logFile: join(dir, 'app-large.log') });
    const largeStoreAtReady = warm.rss();
    await warm.stop();

    const { commands, reads, sequentialWrites, afterLoads, hiddenWarm, hiddenWarmPut } = product;
    const hiddenRounds = { warm: hiddenWarm as HiddenVsMissing, cold: hiddenCold, warmPut: hiddenWarmPut as HiddenVsMissing };
    return {
      scale,
      cores: availableParallelism(),
      loadAverageAtStart,
      loadNice,
      baselines: { rawAppends, bareNest },
      commands,
      reads,
      sequentialWrites,
      hiddenRounds,
      startup: {
        workloadStoreEvents,
        workloadStoreSeconds: app.startSeconds,
        largeStoreEvents,
        largeStoreColdSeconds: cold.startSeconds,
        largeStoreSeconds: warm.startSeconds,
      },
      rebuilds: { readAll, projections },
      memory: { afterLoads, largeStoreAtReady, bareNest: bareMemory },
      ratios: {
        commandsVsRawAppends: commands.spread.perSecond / rawAppends.spread.perSecond,
        commandsP99VsRawP99: commands.spread.p99 / rawAppends.spread.p99,
        oneRoundVsRawOneStream: commands.oneRound.perSecond / rawAppends.oneStream.perSecond,
        oneRoundP99VsRawP99: commands.oneRound.p99 / rawAppends.oneStream.p99,
        commandsVsBareNest: commands.spread.perSecond / bareNest.commandConnections.perSecond,
        smallRoundReadsVsBareNest: reads.smallRound.perSecond / bareNest.readConnections.perSecond,
        smallRoundMainThreadVsBareNest: (reads.smallRound.mainThreadMs ?? NaN) / (bareNest.readConnections.mainThreadMs ?? NaN),
        largeRoundReadsVsBareNest: reads.largeRound.perSecond / bareNest.readConnections.perSecond,
        largeRoundP99VsSmallRoundP99: reads.largeRound.p99 / reads.smallRound.p99,
        hiddenVsMissingWarmP50: hiddenRounds.warm.hidden.p50 / hiddenRounds.warm.missing.p50,
        hiddenVsMissingColdP50: hiddenRounds.cold.hidden.p50 / hiddenRounds.cold.missing.p50,
        hiddenVsMissingPutP50: hiddenRounds.warmPut.hidden.p50 / hiddenRounds.warmPut.missing.p50,
        sequentialWriteOnLargeVsSmall: sequentialWrites.onLargeRound.p50 / sequentialWrites.onSmallRound.p50,
        startupLargeVsWorkloadStore: warm.startSeconds / app.startSeconds,
        startupLargeColdVsWorkloadStore: cold.startSeconds / app.startSeconds,
        ...Object.fromEntries(projections.map((p) => [`rebuild:${p.projection}VsReadAll`, p.perSecond / readAll.perSecond])),
      },
    };
  } finally {
    await stopLoadGenerator();
    if (keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const ROUND = { spread: (r: number) => `spread-${r}`, one: 'one', small: 'small', large: 'large', sequential: 'sequential' };

function workloadRounds(scale: ProductScale): RoundPlan[] {
  const { rounds, investors } = scale;
  return [
    ...Array.from({ length: rounds }, (_, r) => ({ roundId: ROUND.spread(r), investors, events: 0 })),
    { roundId: ROUND.one, investors, events: 0 },
    { roundId: ROUND.sequential, investors, events: 0 },
    { roundId: ROUND.small, investors: 3, events: scale.smallRoundEvents },
    { roundId: ROUND.large, investors, events: scale.largeRoundEvents - scale.sequentialWrites },
  ];
}

// Shaped like the issue's 1,000,040 events in 20,409 rounds: opened, 20 investors, 28 commitments each.
function largeStoreRounds(events: number): RoundPlan[] {
  const perRound = 49;
  return Array.from({ length: Math.ceil(events / perRound) }, (_, r) => ({ roundId: `stored-${r}`, investors: 20, events: perRound }));
}

async function productLoads(app: Spawned, scale: ProductScale, token: string, investorTokens: readonly string[], nice: number) {
  const { connections, seconds, readConnections, rounds } = scale;
  const investors = investorTokens.map((investorToken, i) => ({ id: investorId(i), token: investorToken }));
  // One sequence of amounts for every write below, the warm-up's included: a new amount every time, so
  // every command records an event.
  const counters: Counters = { requests: 0, amount: 1_000_000 };
  const spread: LoadPlan = { kind: 'spread', roundIds: Array.from({ length: rounds }, (_, r) => ROUND.spread(r)), investors, currency: CURRENCY, counters };
  const oneRound: LoadPlan = { kind: 'one-round', roundId: ROUND.one, investors, currency: CURRENCY, counters };
  const get = (roundId: string): LoadPlan => ({ kind: 'fixed', request: { method: 'GET', path: `/rounds/${roundId}` } });

  // Reads of the large round go last: the app goes on reading it for the requests a stopped load left.
  const load = async (plan: LoadPlan, connections: number) => {
    const figures = await httpLoad({ url: app.url, connections, seconds, token, plan, serverPid: app.pid, nice });
    await settle(app.url);
    return figures;
  };
  await warmUp(app, scale, spread, nice, token);
  await settle(app.url);
  const commands = { spread: await load(spread, connections), oneRound: await load(oneRound, connections) };
  // The large round is built that many events short, so that these writes take it to its full size.
  const writes = (roundId: string) => Array.from({ length: scale.sequentialWrites }, (_, i) => commitment(roundId, investors[i % investors.length], CURRENCY, counters));
  const sequentialWrites = {
    onSmallRound: await sequential(app.url, token, writes(ROUND.sequential)),
    onLargeRound: await sequential(app.url, token, writes(ROUND.large)),
  };
  // The first read load after the writes met a JIT still cold for reads and the projections still applying
  // the writes: its round came out slower than the next, whichever round it was. Both are now measured warm.
  await warmUp(app, { ...scale, connections: readConnections }, get(ROUND.small), nice, token);
  await settle(app.url);
  const reads = { smallRound: await load(get(ROUND.small), readConnections), largeRound: await load(get(ROUND.large), readConnections) };
  return { commands, reads, sequentialWrites, afterLoads: memoryOf(app.pid), hiddenWarm: undefined as HiddenVsMissing | undefined, hiddenWarmPut: undefined as HiddenVsMissing | undefined };
}

async function warmUp(server: Spawned, scale: ProductScale, plan: LoadPlan, nice: number, token?: string): Promise<void> {
  if (scale.warmupSeconds > 0) await httpLoad({ url: server.url, connections: scale.connections, seconds: scale.warmupSeconds, token, plan, nice });
}
