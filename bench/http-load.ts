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

// Plain JavaScript, run in a worker thread: on the app's own event loop the client would take the
// CPU it is trying to measure. Keep-alive, one request in flight per connection, like autocannon.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, requests, headers, connections, seconds } = workerData;
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
  parentPort.postMessage({ requests: latencies.length, perSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), failures });
});
`;

export function runLoad(options: LoadOptions): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { headers: {}, ...options } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}
