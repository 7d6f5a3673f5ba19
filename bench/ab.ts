// npm run bench:ab -- DIR_A DIR_B [--load get|put] [--runs 3] [--seconds 8] [--connections N] [--env-b NAME=VALUE ...]
//   [--load-nice N]
//
// The same load on two builds of the app, taking turns (A, B, A, B, ...) on one data set, so that what the
// machine does meanwhile falls on both alike. Each DIR is a checkout with `npm ci` and `nest build` done
// by the Node that runs this (native addons are per Node line). DIR_B may be DIR_A, with `--env-b` setting
// a variable for B's runs only: one build under two settings. Prints the median of each figure and B's
// ratio to A's; the main thread's CPU time per request is the steadiest of them on a shared machine. The
// load generator runs in a process of its own, at niceness N (0 to 19, default 0) with --load-nice.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CURRENCY, investorId } from './product/app-events';
import { httpLoad, loadNiceFrom, settle, stopLoadGenerator } from './product/http-load';
import { Load } from './product/latency';
import { LoadPlan } from './product/load-plan';
import { populateStore } from './product/populate';
import { spawnApp } from './product/processes';
import { benchTokens } from './product/tokens';

const ROUNDS = 50;
const INVESTORS = 5;
const USAGE = 'usage: npm run bench:ab -- DIR_A DIR_B [--load get|put] [--runs N] [--seconds N] [--connections N] [--env-b NAME=VALUE ...] [--load-nice N]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'env-b': { type: 'string', multiple: true, default: [] }, load: { type: 'string', default: 'get' }, runs: { type: 'string', default: '3' }, seconds: { type: 'string', default: '8' }, connections: { type: 'string' }, 'load-nice': { type: 'string' } },
  });
  if (positionals.length !== 2 || !['get', 'put'].includes(values.load)) throw new Error(USAGE);
  const trees = positionals.map((dir) => resolve(dir));
  const put = values.load === 'put';
  const connections = Number(values.connections ?? (put ? 64 : 16));
  const seconds = Number(values.seconds);
  const nice = loadNiceFrom(values['load-nice'], USAGE);
  const envB = Object.fromEntries(values['env-b'].map((setting) => [setting.slice(0, setting.indexOf('=')), setting.slice(setting.indexOf('=') + 1)]));

  const dir = mkdtempSync(join(tmpdir(), 'deal-room-ab-'));
  try {
    const data = join(dir, 'data');
    mkdirSync(data);
    await populateStore(data, [{ roundId: 'small', investors: 3, events: 10 }, ...Array.from({ length: ROUNDS }, (_, r) => ({ roundId: `r${r}`, investors: INVESTORS, events: 0 }))], 'data set');
    const tokens = benchTokens(data);
    const lead = await tokens.lead();
    const investors = (await tokens.investors(INVESTORS)).map((token, i) => ({ id: investorId(i), token }));
    // Every load, warm-ups included, continues the amounts of the one before: each PUT records an event.
    const plan: LoadPlan = put
      ? { kind: 'spread', roundIds: Array.from({ length: ROUNDS }, (_, r) => `r${r}`), investors, currency: CURRENCY, counters: { requests: 0, amount: 1_000_000 } }
      : { kind: 'fixed', request: { method: 'GET', path: '/rounds/small' } };

    const figures: Load[][] = trees.map(() => []);
    for (let run = 0; run < Number(values.runs); run++) {
      for (const [t, root] of trees.entries()) {
        const app = await spawnApp({ runner: 'dist', root, env: { DATA_DIR: data, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', LOG_LEVEL: 'info', EVENTSTORE_CONNECTION_STRING: undefined, AUTH_JWT_SECRET: undefined, ...(t === 1 ? envB : {}) }, logFile: join(dir, `app-${t}.log`) });
        try {
          await httpLoad({ url: app.url, connections, seconds: 3, token: lead, plan, nice });
          await settle(app.url);
          const load = await httpLoad({ url: app.url, connections, seconds, token: lead, plan, serverPid: app.pid, nice });
          figures[t].push(load);
          process.stderr.write(`[bench:ab] run ${run + 1} ${'AB'[t]}: ${describe(load)}\n`);
        } finally {
          await app.stop();
        }
      }
    }
    const median = (loads: Load[], pick: (load: Load) => number) => loads.map(pick).sort((a, b) => a - b)[loads.length >> 1];
    const fields: Array<[string, (load: Load) => number]> = [['req/s', (l) => l.perSecond], ['p50 ms', (l) => l.p50], ['p99 ms', (l) => l.p99], ['main thread ms/req', (l) => l.mainThreadMs ?? NaN], ['app CPU ms/req', (l) => l.serverCpuMs ?? NaN], ['generator CPU ms/req', (l) => l.generatorCpuMs ?? NaN]];
    console.log(`${values.load.toUpperCase()} at ${connections} connections, ${seconds} s a load, median of ${values.runs} runs each, Node ${process.version}, load generator in its own process at nice ${nice}`);
    for (const [t, root] of trees.entries()) console.log(`${'AB'[t]}: ${root}${t === 1 && values['env-b'].length ? ` with ${values['env-b'].join(' ')}` : ''}`);
    for (const [name, pick] of fields) {
      const [a, b] = figures.map((loads) => median(loads, pick));
      console.log(`${name.padEnd(20)} A ${a.toFixed(3).padStart(10)}  B ${b.toFixed(3).padStart(10)}  B/A ${(b / a).toFixed(3)}x`);
    }
    if (figures.flat().some((load) => load.failures > 0)) throw new Error('some requests failed: see the app logs');
  } finally {
    await stopLoadGenerator();
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(load: Load): string {
  return `${load.perSecond.toFixed(0)} req/s, p50 ${load.p50.toFixed(2)} / p99 ${load.p99.toFixed(2)} ms, main thread ${load.mainThreadMs?.toFixed(3)} ms/req, ${load.failures} failed`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
