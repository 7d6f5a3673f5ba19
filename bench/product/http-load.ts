import { ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { Load, summarize } from './latency';
import type { FromGenerator, GeneratedLoad, LoadJob } from './load-generator';
import { countersOf, headersFor, HttpRequest, LoadPlan } from './load-plan';
import { runnerArgs } from './processes';

export interface HttpLoadOptions {
  url: string;
  connections: number;
  seconds: number;
  token?: string;
  /** What to send; a PUT plan's counters are advanced past the requests the load made. */
  plan: LoadPlan;
  /** The server's pid, on this machine: the load then tells what each request cost its main thread and its whole process. */
  serverPid?: number;
  /** The generator's niceness (0 to 19): above 0 it yields the cores to the app when both want them. */
  nice?: number;
}

/** User plus system CPU time of a process's main thread so far, in milliseconds (Linux). */
function mainThreadCpuMs(pid: number): number {
  return cpuMsIn(`/proc/${pid}/task/${pid}/stat`);
}

/** User plus system CPU time of a whole process (every thread) so far, in milliseconds (Linux). */
function processCpuMs(pid: number): number {
  return cpuMsIn(`/proc/${pid}/stat`);
}

function cpuMsIn(statFile: string): number {
  // The fields after the command's name, which is in parentheses and may hold spaces; utime and stime are
  // the 14th and 15th fields of the whole line, in clock ticks (100 a second on Linux).
  const fields = readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** `--load-nice`: the load generator's niceness, 0 (the bench's own) to 19 (the lowest priority). */
export function loadNiceFrom(raw: string | undefined, usage: string): number {
  if (raw === undefined) return 0;
  const nice = Number(raw);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new Error(`--load-nice must be an integer from 0 to 19, got ${JSON.stringify(raw)}\n${usage}`);
  return nice;
}

const GENERATOR = join(__dirname, 'load-generator.ts');
const ROOT = join(__dirname, '..', '..');
// Generous bounds: starting ts-node on a busy machine takes seconds, and a stopped load still gets its answers.
const START_MS = 120_000;
const MARGIN_MS = 180_000;

interface Generator {
  child: ChildProcess;
  nice: number;
}

/** The generator serving this run's loads: kept between them, so that the warm-ups warm its JIT too. */
let current: Generator | undefined;

/**
 * Keep-alive connections, each sending its next request as soon as the last one is answered, from a
 * process of its own (load-generator.ts) that does nothing else; this one only reads the server's CPU
 * time around the load. The generator stays for the next load and goes with this process, or with
 * stopLoadGenerator(); a failure or a load that does not end in time kills it.
 */
export async function httpLoad({ url, connections, seconds, token, plan, serverPid, nice = 0 }: HttpLoadOptions): Promise<Load> {
  const generator = await generatorAt(nice);
  generator.child.ref();
  generator.child.channel?.ref();
  try {
    const cpu = () => ({ generator: processCpuMs(generator.child.pid!), ...(serverPid === undefined ? {} : { main: mainThreadCpuMs(serverPid), server: processCpuMs(serverPid) }) });
    const before = cpu();
    generator.child.send({ url, connections, seconds, token, plan } satisfies LoadJob);
    const generated = await figuresFrom(generator.child, seconds * 1000 + MARGIN_MS);
    const after = cpu();
    const counters = countersOf(plan);
    if (counters && generated.counters) Object.assign(counters, generated.counters);
    const load = summarize(Array.from(generated.latencies), generated.seconds, generated.failedAnswers, generated.lost);
    const each = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? undefined : (to - from) / Math.max(1, load.count));
    const costs = { mainThreadMs: each(before.main, after.main), serverCpuMs: each(before.server, after.server), generatorCpuMs: each(before.generator, after.generator) };
    return { ...load, ...Object.fromEntries(Object.entries(costs).filter(([, value]) => value !== undefined)) };
  } catch (error) {
    await stopLoadGenerator();
    throw error;
  } finally {
    // Between loads the generator does not keep this process alive; it exits when this one does.
    generator.child.unref();
    generator.child.channel?.unref();
  }
}

/** Ends the generator, if one runs, and waits until it has. */
export async function stopLoadGenerator(): Promise<void> {
  const generator = current;
  current = undefined;
  if (!generator) return;
  const { child } = generator;
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  // Unreferenced between loads, it would not keep this process alive until it has gone.
  child.ref();
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function generatorAt(nice: number): Promise<Generator> {
  if (current && current.nice === nice && current.child.exitCode === null && current.child.signalCode === null) return current;
  await stopLoadGenerator();
  // Its stdout goes to stderr, with the bench's progress: bench:product prints its figures on stdout.
  const child = fork(GENERATOR, [], { cwd: ROOT, execArgv: runnerArgs('ts-node'), serialization: 'advanced', stdio: ['ignore', 2, 2, 'ipc'] });
  current = { child, nice };
  try {
    const ready = await nextMessage(child, START_MS);
    if (ready.type !== 'ready') throw new Error(`the load generator said ${ready.type} before it was ready`);
    // Once ready, every thread it starts at all is there.
    if (nice !== 0) renice(child.pid!, nice);
  } catch (error) {
    await stopLoadGenerator();
    throw error;
  }
  return current;
}

async function figuresFrom(child: ChildProcess, timeoutMs: number): Promise<GeneratedLoad> {
  const message = await nextMessage(child, timeoutMs);
  if (message.type === 'done') return message.load;
  throw new Error(message.type === 'failed' ? `the load generator failed: ${message.message}` : `the load generator said ${message.type} during a load`);
}

function nextMessage(child: ChildProcess, timeoutMs: number): Promise<FromGenerator> {
  return new Promise((resolve, reject) => {
    const settled = () => {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit).off('error', onError);
    };
    const onMessage = (message: FromGenerator) => {
      settled();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      settled();
      reject(new Error(`the load generator exited (${signal ?? code}) before it sent its figures`));
    };
    const onError = (error: Error) => {
      settled();
      reject(error);
    };
    const timer = setTimeout(() => onError(new Error(`the load generator did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    child.on('message', onMessage).on('exit', onExit).on('error', onError);
  });
}

/** Every thread of the process: setpriority(2) on a pid changes only its main thread on Linux. */
function renice(pid: number, nice: number): void {
  for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), nice);
}

/** One request after another, each timed: how a single writer sees the app. */
export async function sequential(url: string, token: string, requests: HttpRequest[]): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  const started = process.hrtime.bigint();
  for (const { method, path, body, token: own } of requests) {
    const sent = process.hrtime.bigint();
    const response = await fetch(`${url}${path}`, { method, body, headers: headersFor(own ?? token) });
    await response.arrayBuffer();
    latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
    if (!response.ok) failures += 1;
  }
  return summarize(latencies, Number(process.hrtime.bigint() - started) / 1e9, failures);
}

/**
 * Waits until the app answers /health quickly twice in a row: when a load stops, the app still finishes
 * the requests it had accepted, and the next load must not pay for them.
 */
export async function settle(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (let quick = 0; quick < 2 && Date.now() < deadline; ) {
    const sent = Date.now();
    await fetch(`${url}/health`).then((response) => response.arrayBuffer(), () => undefined);
    quick = Date.now() - sent < 100 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
