import { Load } from './latency';
import { ProductFigures } from './run-product-benchmark';

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const x = (r: number) => `${r.toFixed(3)}x`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const mainThread = (l: Load) => (l.mainThreadMs === undefined ? '' : `; main thread ${l.mainThreadMs.toFixed(3)} ms each`);
const cpu = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(3));
/** What a request costs the machine's cores: the app's process (every thread) and the load generator's. */
const machineCpu = (l: Load) => (l.serverCpuMs ?? NaN) + (l.generatorCpuMs ?? NaN);
const load = (l: Load, unit: string) => `${whole(l.perSecond)} ${unit}/s; p50 ${ms(l.p50)} / p99 ${ms(l.p99)} / p999 ${ms(l.p999)} ms${mainThread(l)}`;

type Row = [what: string, figure: string, baseline: string, ratio: string];

/** One row per figure, each with the baseline measured in the same run and the ratio to it. */
export function formatProductReport(f: ProductFigures): string {
  const { scale, baselines, commands, reads, sequentialWrites, startup, rebuilds, memory, ratios } = f;
  const readAll = rebuilds.readAll;
  const readAllCell = `raw readAll: ${whole(readAll.perSecond)} ev/s (${whole(readAll.events)} in ${readAll.seconds.toFixed(1)} s)`;
  const raw = baselines.rawAppends;
  const bare = baselines.bareNest;
  const c = scale.connections;
  const rc = scale.readConnections;
  const rows: Row[] = [
    ['what', 'figure', 'baseline (same run)', 'ratio'],
    [`PUT commitment, ${c} conn., ${scale.rounds} rounds x ${scale.investors} investors`, load(commands.spread, 'cmd'), `raw appends, ${c} writers: ${load(raw.spread, 'ev')}`, `${x(ratios.commandsVsRawAppends)} throughput, ${x(ratios.commandsP99VsRawP99)} p99`],
    [`PUT commitment, ${c} conn., all on one round`, load(commands.oneRound, 'cmd'), `raw appends, ${c} writers, one stream: ${load(raw.oneStream, 'ev')}`, `${x(ratios.oneRoundVsRawOneStream)} throughput, ${x(ratios.oneRoundP99VsRawP99)} p99`],
    [`PUT commitment vs HTTP ceiling, ${c} conn.`, load(commands.spread, 'cmd'), `bare Nest GET: ${load(bare.commandConnections, 'req')}`, x(ratios.commandsVsBareNest)],
    ...([['PUT commitment, spread', commands.spread, 'cmd'], [`GET /rounds/:id, ${scale.smallRoundEvents} events`, reads.smallRound, 'req']] as const).map(([what, l, unit]): Row => [
      `  CPU of one ${what}`,
      `${cpu(machineCpu(l))} ms: app ${cpu(l.serverCpuMs)} (main thread ${cpu(l.mainThreadMs)}), load generator ${cpu(l.generatorCpuMs)}`,
      `raw append: ${cpu(raw.spread.serverCpuMs)} ms (client and store); at this cost ${f.cores} cores serve at most ${whole((f.cores * 1000) / machineCpu(l))} ${unit}/s`,
      `${x(machineCpu(l) / (raw.spread.serverCpuMs ?? NaN))} a raw append's CPU`,
    ]),
    [`GET /rounds/:id, ${scale.smallRoundEvents} events, ${rc} conn.`, load(reads.smallRound, 'req'), `bare Nest GET: ${load(bare.readConnections, 'req')}`, `${x(ratios.smallRoundReadsVsBareNest)} throughput, ${x(ratios.smallRoundMainThreadVsBareNest)} main thread`],
    [`GET /rounds/:id, ${whole(scale.largeRoundEvents)} events, ${rc} conn.`, load(reads.largeRound, 'req'), `bare Nest GET: ${load(bare.readConnections, 'req')}`, `${x(ratios.largeRoundReadsVsBareNest)}; p99 ${x(ratios.largeRoundP99VsSmallRoundP99)} the ${scale.smallRoundEvents}-event round's`],
    [`sequential PUTs, ${scale.sequentialWrites} up to ${whole(scale.largeRoundEvents)} events`, `p50 ${ms(sequentialWrites.onLargeRound.p50)} ms, p99 ${ms(sequentialWrites.onLargeRound.p99)} ms`, `${scale.sequentialWrites} on a new round: p50 ${ms(sequentialWrites.onSmallRound.p50)} ms, p99 ${ms(sequentialWrites.onSmallRound.p99)} ms`, `${x(ratios.sequentialWriteOnLargeVsSmall)} p50 (flat: ~1x)`],
    ...(['warm', 'cold', 'warmPut'] as const).map((which): Row => {
      const { hidden, missing } = f.hiddenRounds[which];
      const label = { warm: 'GET, state kept', cold: 'GET, STATE_CACHE_MB=0, as after a start', warmPut: 'PUT of its commitment, state kept' }[which];
      const ratio = { warm: ratios.hiddenVsMissingWarmP50, cold: ratios.hiddenVsMissingColdP50, warmPut: ratios.hiddenVsMissingPutP50 }[which];
      return [
        `the ${whole(scale.largeRoundEvents)}-event round to an investor it did not admit (${label})`,
        `p50 ${ms(hidden.p50)} / p99 ${ms(hidden.p99)} ms (${hidden.count} x 404)`,
        `a round that never was: p50 ${ms(missing.p50)} / p99 ${ms(missing.p99)} ms`,
        `${x(ratio)} p50 (same: ~1x)`,
      ];
    }),
    ...rebuilds.projections.flatMap((p): Row[] => [
      [`rebuild ${p.projection}, ${whole(p.events)} events`, `${whole(p.perSecond)} ev/s (${p.seconds.toFixed(1)} s)`, `${readAllCell}; goal >= 0.7`, x(ratios[`rebuild:${p.projection}VsReadAll`])],
      [`  RSS after that rebuild (peak)`, `${mib(p.rssBytes)} (${mib(p.peakRssBytes)})`, 'goal <= 300 MB', x(p.rssBytes / 300e6)],
    ]),
    [`start-up to ready, ${whole(startup.largeStoreEvents)} events, read models at head`, `${startup.largeStoreSeconds.toFixed(2)} s, RSS ${mib(memory.largeStoreAtReady.rssBytes)}`, `${whole(startup.workloadStoreEvents)} events: ${startup.workloadStoreSeconds.toFixed(2)} s; goal < 5 s`, x(ratios.startupLargeVsWorkloadStore)],
    [`start-up to ready, ${whole(startup.largeStoreEvents)} events, no read models`, `${startup.largeStoreColdSeconds.toFixed(2)} s`, `${whole(startup.workloadStoreEvents)} events: ${startup.workloadStoreSeconds.toFixed(2)} s; goal < 5 s`, x(ratios.startupLargeColdVsWorkloadStore)],
    ['product RSS after the loads (peak)', `${mib(memory.afterLoads.rssBytes)} (${mib(memory.afterLoads.peakRssBytes)})`, `bare Nest, under ts-node: ${mib(memory.bareNest.rssBytes)}`, x(memory.afterLoads.rssBytes / memory.bareNest.rssBytes)],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const { warm, cold, warmPut } = f.hiddenRounds;
  const failures = [commands.spread, commands.oneRound, reads.smallRound, reads.largeRound, sequentialWrites.onSmallRound, sequentialWrites.onLargeRound, raw.spread, raw.oneStream, warm.hidden, warm.missing, cold.hidden, cold.missing, warmPut.hidden, warmPut.missing]
    .reduce((sum, l) => sum + l.failures, 0);
  return [
    `Product benchmark: scale ${scale.name}, ${f.cores} cores, load average at start ${f.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, app from ${scale.runner}, LOG_LEVEL=${scale.logLevel}, ${scale.seconds} s per load, load generator in its own process at nice ${f.loadNice}`,
    ...rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join(' | ').trimEnd()),
    `failed requests or appends: ${failures}`,
  ].join('\n');
}
