import { ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export type AppRunner = 'dist' | 'ts-node';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/**
 * Node's flags for the app, as `npm start` and the Dockerfile give them (a spec holds the three together):
 * a young generation of at most 16 MB. Node 24 grows it to several times that, and each scavenge of it
 * paused the event loop ~10 ms, which was the tail of a GET under load (BENCHMARKS.md).
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=16'];

/** Node's arguments before a script: none for the build, the TypeScript hooks otherwise. */
export const runnerArgs = (runner: AppRunner) => (runner === 'dist' ? [] : TS_NODE);

export interface Spawned {
  readonly url: string;
  readonly pid: number;
  /** From spawn to the first 200 of the ready path. */
  readonly startSeconds: number;
  rss(): Memory;
  stop(): Promise<void>;
}

export interface Memory {
  rssBytes: number;
  peakRssBytes: number;
}

export interface SpawnOptions {
  readonly runner: AppRunner;
  /** Added to this process's environment; `undefined` removes a variable. */
  readonly env: Record<string, string | undefined>;
  /** Where stdout and stderr go: the app logs a JSON line per request, kept out of the bench's own process. */
  readonly logFile: string;
  /** Write a --cpu-prof profile of every thread here when the app stops. */
  readonly cpuProfileDir?: string;
  /** Another checkout, built, to run the app from (bench/ab.ts compares two); this one by default. */
  readonly root?: string;
}

/** The product itself, as `npm start` runs it (or through ts-node for the smoke run, to skip the build). */
export function spawnApp(options: SpawnOptions): Promise<Spawned> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const args = [...profile, ...APP_NODE_FLAGS, ...runnerArgs(options.runner), options.runner === 'dist' ? 'dist/apps/deal-room/src/main.js' : 'apps/deal-room/src/main.ts'];
  return spawnServer(args, '/health', options, options.root);
}

/** One GET route on a bare Nest app with the same adapter: what HTTP costs here before the product does anything. */
export function spawnBareNest(options: Omit<SpawnOptions, 'runner'>): Promise<Spawned> {
  return spawnServer([...TS_NODE, 'bench/product/bare-nest-app.ts'], '/ping', options);
}

export function buildApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nest build exited with ${code}`))));
  });
}

async function spawnServer(args: string[], readyPath: string, { env, logFile }: Omit<SpawnOptions, 'runner'>, root = ROOT): Promise<Spawned> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const started = process.hrtime.bigint();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port) };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilReady(child, `${url}${readyPath}`, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const startSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { url, pid: child.pid!, startSeconds, rss: () => memoryOf(child.pid!), stop: () => stop(child) };
}

async function untilReady(child: ChildProcess, url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode} before it was ready; see ${logFile}`);
    const status = await fetch(url).then((response) => response.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} was not ready within 10 minutes; see ${logFile}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident and peak resident memory of the whole process (every thread, so the embedded store's too). */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

// PORT=0 would make us parse the log for the port; a port freed a moment before is simpler and rarely taken.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
