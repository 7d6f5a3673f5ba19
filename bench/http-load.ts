import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';

export interface LoadRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: string;
}

export interface LoadOptions {
  port: number;
  /** Cycled through in order, one at a time per connection. */
  requests: readonly LoadRequest[];
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}

export interface LoadFigures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, by status; a load that only measured refusals is no measurement. */
  failures: Record<string, number>;
}

// Plain JavaScript, run beside the app and not on its event loop, where the client would take the CPU it
// is trying to measure: in a worker thread, or in a child process when the app's own CPU time is measured.
// Keep-alive, one request in flight per connection, like autocannon. `input` and `report` are defined before it.
const CLIENT = `
const http = require('node:http');
const { port, requests, headers, connections, seconds } = input;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
const failures = {};
let next = 0;
const until = Date.now() + seconds * 1000;
function send() {
  return new Promise((resolve) => {
    const { method, path, body } = requests[next++ % requests.length];
    const started = process.hrtime.bigint();
    const req = http.request({ port, host: '127.0.0.1', method, path, agent, headers: body === undefined ? headers
      : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (res.statusCode < 200 || res.statusCode > 299) failures[res.statusCode] = (failures[res.statusCode] || 0) + 1;
        resolve();
      });
    });
    req.on('error', (error) => { failures[error.code || 'error'] = (failures[error.code || 'error'] || 0) + 1; resolve(); });
    req.end(body);
  });
}
async function connection() { while (Date.now() < until) await send(); }
const started = Date.now();
Promise.all(Array.from({ length: connections }, connection)).then(() => {
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] || 0;
  agent.destroy();
  report({ requests: latencies.length, perSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), failures });
});
`;

const IN_WORKER = `const { parentPort, workerData: input } = require('node:worker_threads');
const report = (figures) => parentPort.postMessage(figures);
${CLIENT}`;

const IN_CHILD = `const input = JSON.parse(process.env.LOAD);
const report = (figures) => process.stdout.write(JSON.stringify(figures));
${CLIENT}`;

/** The load in a worker thread of this process. */
export function runLoad(options: LoadOptions): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(IN_WORKER, { eval: true, workerData: { headers: {}, ...options } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

/** The load in a child process: none of its CPU is counted in this process's `process.cpuUsage()`. */
export function runLoadInChildProcess(options: LoadOptions): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', IN_CHILD], { env: { ...process.env, LOAD: JSON.stringify({ headers: {}, ...options }) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    // 'close', not 'exit': the output may still be in the pipe when the process exits.
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadFigures) : reject(new Error(`load client exited with ${code}`))));
  });
}
