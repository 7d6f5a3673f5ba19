// `npm run bench:projections -- [--events N] [--smoke] [--store DIR]`: a projection rebuild and a cold
// catch-up of every projection against a raw `readAll` of the same store, in one run. The store is made
// of the app's own round events (played through the decider) and metadata, appended through the client.
// `--store DIR` keeps the generated store there and reuses it on the next run (for profiling).
// Each ratio is given against wall time and, in brackets, against CPU time of the whole process.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventStoreDBClient, jsonEvent, START } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { Actor } from '../apps/deal-room/src/kernel';
import { evolve, initialState, RoundEvent, RoundState, serialize } from '../apps/deal-room/src/rounds/domain';
import { EventMetadata } from '../apps/deal-room/src/event-sourcing/event-metadata';
import { PROJECTIONS } from '../apps/deal-room/src/projections/registrations';
import { readHeadPosition } from '../apps/deal-room/src/projections/runtime/head-position';
import { ProjectionRuntime } from '../apps/deal-room/src/projections/runtime/projection-runtime';
import { rebuildProjection } from '../apps/deal-room/src/projections/runtime/rebuild';
import { PROJECTIONS_FILE, ProjectionDatabase } from '../apps/deal-room/src/projections/store/projection-database';
import { decide, RoundCommand } from '../test/support/rounds/round-decider';
import { rate, Throughput, timed } from './measure';

export interface ProjectionBenchOptions {
  readonly events: number;
  /** A directory to keep the generated store in and reuse; a temporary one (removed after) otherwise. */
  readonly storeDir?: string;
  readonly progress?: (line: string) => void;
}

export interface ProjectionBenchFigures {
  readonly events: number;
  /** The best of the raw reads before and after the projection work (the stricter baseline). */
  readonly readAll: Throughput;
  /** `ratio`: of the raw read's events per second; `cpuRatio`: of its events per CPU second (all threads), which a busy machine blurs less. */
  readonly rebuilds: readonly { readonly name: string; readonly rebuild: Throughput; readonly ratio: number; readonly cpuRatio: number }[];
  readonly coldCatchUp: Throughput & { readonly ratio: number; readonly cpuRatio: number };
  readonly peakRssBytes: number;
}

const dealLead: Actor = { sub: 'bench-lead', role: 'deal-lead' };
const investor = (investorId: string): Actor => ({ sub: `bench-of-${investorId}`, role: 'investor', investorId });
const INVESTORS = 20;

/** One round as the app would record it: opened, 20 investors admitted and committed, 4 amended, closed. */
function templateRound(): { events: RoundEvent[]; actors: Actor[] } {
  const events: RoundEvent[] = [];
  const actors: Actor[] = [];
  let state: RoundState = initialState();
  const run = (command: RoundCommand, actor: Actor) => {
    for (const event of decide(command, state, { now: new Date(Date.UTC(2025, 2, 1, 9, 0, events.length)), actor })) {
      state = evolve(state, event);
      events.push(event);
      actors.push(actor);
    }
  };
  const ids = Array.from({ length: INVESTORS }, (_, i) => `investor-${i}`);
  run(
    {
      type: 'OpenRound',
      data: {
        roundId: 'template',
        company: 'Bench Robotics Ltd.',
        name: 'Series A',
        currency: 'USD',
        targetAmount: '8000000.00',
        hardCap: '10000000.00',
        valuation: { amount: '50000000.00', basis: 'post-money' },
        oversubscription: 'scale-back',
      },
    },
    dealLead,
  );
  ids.forEach((investorId, i) => run({ type: 'AdmitInvestor', data: { investorId, name: `${investorId} Capital`, tier: i === 0 ? 'lead' : 'major' } }, dealLead));
  ids.forEach((investorId, i) => run({ type: 'MakeCommitment', data: { investorId, amount: `${400000 + i * 10000}.00`, currency: 'USD' } }, investor(investorId)));
  ids.slice(0, 4).forEach((investorId) => run({ type: 'MakeCommitment', data: { investorId, amount: '650000.00', currency: 'USD' } }, investor(investorId)));
  run({ type: 'CloseRound', data: {} }, dealLead);
  return { events, actors };
}

function metadataOf(actor: Actor, roundId: string, index: number): EventMetadata {
  const hash = (n: number) => createHash('sha256').update(`${roundId}:${n}`).digest('hex');
  return {
    actor: { sub: actor.sub, role: actor.role, investorId: actor.investorId ?? null },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    idempotencyKey: null,
    requestFingerprint: null,
    schemaVersion: 1,
    recordedAt: new Date(Date.UTC(2025, 2, 1, 9, 0, index)).toISOString(),
    prevHash: index === 0 ? '' : hash(index - 1),
    hash: hash(index),
  };
}

/** Appends `total` round events, a round per append, a few appends in flight; the last round may be cut short. */
async function generate(client: EventStoreDBClient, total: number, progress: (line: string) => void): Promise<void> {
  const template = templateRound();
  const rounds = Math.ceil(total / template.events.length);
  let next = 0;
  let written = 0;
  let shown = 0;
  const writer = async () => {
    for (let round = next++; round < rounds; round = next++) {
      const roundId = `bench-${round}-${randomUUID().slice(0, 8)}`;
      const count = Math.min(template.events.length, total - round * template.events.length);
      const events = template.events.slice(0, count).map((event, index) => {
        const moved = { ...event, data: { ...event.data, roundId } } as RoundEvent;
        return jsonEvent({ ...serialize(moved), metadata: metadataOf(template.actors[index], roundId, index) });
      });
      await client.appendToStream(`round-${roundId}`, events);
      written += count;
      if (written - shown >= total / 10) {
        shown = written;
        progress(`generated ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
}

async function drainReadAll(client: EventStoreDBClient): Promise<Throughput> {
  const timing = await timed(
    () =>
      new Promise<number>((resolve, reject) => {
        let count = 0;
        client
          .readAll({ fromPosition: START })
          .on('data', () => void (count += 1))
          .on('error', reject)
          .on('end', () => resolve(count));
      }),
  );
  return rate(timing.result, timing);
}

const cpuRatio = (work: Throughput, raw: Throughput) => raw.cpuSeconds / raw.count / (work.cpuSeconds / work.count);

const quiet = { log: () => undefined, warn: () => undefined };

export async function runProjectionBench({ events, storeDir, progress = () => undefined }: ProjectionBenchOptions): Promise<ProjectionBenchFigures> {
  const scratch = mkdtempSync(join(tmpdir(), 'deal-room-projections-bench-'));
  const storePath = storeDir ?? join(scratch, 'store');
  const reuse = storeDir !== undefined && existsSync(join(storeDir, 'events.sqlite'));
  const store = await startEmbeddedEventStore({ dataDir: storePath, port: 0 });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  try {
    if (reuse) progress(`reusing the store in ${storePath}`);
    else await generate(client, events, progress);
    const head = (await readHeadPosition(client, 10_000))?.commit ?? 0n;
    const stored = Number(head);

    const before = await drainReadAll(client);
    progress(`raw readAll: ${Math.round(before.perSecond)} ev/s`);
    const rebuilds = [];
    for (const definition of PROJECTIONS) {
      const dir = mkdtempSync(join(scratch, 'rebuild-'));
      const live = ProjectionDatabase.open(join(dir, PROJECTIONS_FILE));
      try {
        live.ensure(definition);
        const timing = await timed(() => rebuildProjection({ definition, live, client, dataDir: dir }));
        rebuilds.push({ name: definition.name, rebuild: rate(timing.result.eventsApplied, timing) });
        progress(`rebuild ${definition.name}: ${Math.round(timing.result.eventsApplied / timing.seconds)} ev/s`);
      } finally {
        live.close();
      }
    }

    const dir = mkdtempSync(join(scratch, 'cold-'));
    const database = ProjectionDatabase.open(join(dir, PROJECTIONS_FILE));
    const runtime = new ProjectionRuntime(database, () => client, dir, PROJECTIONS, { backoff: { initialMs: 100, maxMs: 1000 }, logger: quiet });
    const coldTiming = await timed(async () => {
      runtime.start();
      const reached = await Promise.all(runtime.names.map((name) => runtime.waitForPosition(name, head, 2 ** 31 - 1)));
      if (reached.includes(false)) throw new Error('the cold catch-up stopped before the head');
    });
    await runtime.stop();
    database.close();
    progress(`cold catch-up of ${PROJECTIONS.length} projections: ${Math.round(stored / coldTiming.seconds)} ev/s`);

    const after = await drainReadAll(client);
    progress(`raw readAll again: ${Math.round(after.perSecond)} ev/s`);
    const readAll = after.perSecond > before.perSecond ? after : before;
    const coldCatchUp = rate(stored, coldTiming);
    return {
      events: stored,
      readAll,
      rebuilds: rebuilds.map(({ name, rebuild }) => ({ name, rebuild, ratio: rebuild.perSecond / readAll.perSecond, cpuRatio: cpuRatio(rebuild, readAll) })),
      coldCatchUp: { ...coldCatchUp, ratio: coldCatchUp.perSecond / readAll.perSecond, cpuRatio: cpuRatio(coldCatchUp, readAll) },
      // maxRSS covers every thread of the process, the embedded store's too.
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    await client.dispose();
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function formatProjectionBench(f: ProjectionBenchFigures): string {
  const perSecond = (t: Throughput) => `${Math.round(t.perSecond).toLocaleString('en-US')} ev/s (${t.seconds.toFixed(2)} s, cpu ${t.cpuSeconds.toFixed(2)} s)`;
  return [
    `events: ${f.events.toLocaleString('en-US')}`,
    `raw readAll: ${perSecond(f.readAll)}`,
    ...f.rebuilds.map((r) => `rebuild ${r.name}: ${perSecond(r.rebuild)}, ratio ${r.ratio.toFixed(2)} (cpu ${r.cpuRatio.toFixed(2)})`),
    `cold catch-up (all ${PROJECTIONS.length}): ${perSecond(f.coldCatchUp)}, ratio ${f.coldCatchUp.ratio.toFixed(2)} (cpu ${f.coldCatchUp.cpuRatio.toFixed(2)})`,
    `peak RSS: ${(f.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string' }, smoke: { type: 'boolean' }, store: { type: 'string' } } });
  const events = values.smoke ? 2_000 : Number(values.events ?? 200_000);
  if (!Number.isInteger(events) || events <= 0) throw new Error(`--events must be a positive integer, got ${values.events}`);
  const figures = await runProjectionBench({ events, storeDir: values.store, progress: (line) => process.stderr.write(`${line}\n`) });
  console.log(formatProjectionBench(figures));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
