import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Load, summarize } from './latency';

export interface HttpRequest {
  method: 'GET' | 'PUT';
  path: string;
  body?: string;
  /** Sent instead of the load's token: each investor makes its own commitment. */
  token?: string;
}

function headersFor(token: string | undefined): Record<string, string> {
  return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

export interface HttpLoadOptions {
  url: string;
  connections: number;
  seconds: number;
  token?: string;
  /** Called for every request, so a load can spread over rounds and investors. */
  next: () => HttpRequest;
  /** The server's pid, on this machine: the load then tells what each request cost its main thread. */
  serverPid?: number;
}

/** User plus system CPU time of a process's main thread so far, in milliseconds (Linux). */
export function mainThreadCpuMs(pid: number): number {
  // The fields after the command's name, which is in parentheses and may hold spaces; utime and stime are
  // the 14th and 15th fields of the whole line, in clock ticks (100 a second on Linux).
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Keep-alive connections, each sending its next request as soon as the last one is answered. */
export function httpLoad({ url, connections, seconds, token, next, serverPid }: HttpLoadOptions): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = serverPid === undefined ? 0 : mainThreadCpuMs(serverPid);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        // autocannon's default of 10 s counts a slow answer as an error: a GET of a 5,000-event round under
        // load takes longer than that today, and it is the figure we want.
        timeout: Math.max(120, seconds * 3),
        requests: [
          {
            headers: headersFor(token),
            setupRequest: (request: autocannon.Request) => {
              const { token: own, ...rest } = next();
              return own ? { ...request, ...rest, headers: headersFor(own) } : { ...request, ...rest };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const load = summarize(latencies, result.duration, failures, result.errors + result.timeouts);
        resolve(serverPid === undefined ? load : { ...load, mainThreadMs: (mainThreadCpuMs(serverPid) - cpuBefore) / Math.max(1, load.count) });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) failures += 1;
    });
  });
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
