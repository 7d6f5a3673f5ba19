import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/** Told about every answered request, refusals of the body parser included (the metrics module provides one). */
export interface RequestObserver {
  observe(request: ObservedRequest, response: ServerResponse, seconds: number): void;
}

export interface ObservedRequest extends IncomingMessage {
  /** Express's matched route, when one matched: its path is the template (`/rounds/:roundId`). */
  route?: { path?: unknown };
  baseUrl?: string;
  /** The command a write ran (MakeCommitment), as WriteResultInterceptor names it. */
  command?: string;
}

export const REQUEST_OBSERVER = Symbol('REQUEST_OBSERVER');

const PROBLEM_CODE = Symbol('problem code');

/** The problem filter notes the code it answered with, for the observer. */
export function noteProblemCode(response: ServerResponse, code: string): void {
  (response as ServerResponse & { [PROBLEM_CODE]?: string })[PROBLEM_CODE] = code;
}

export function problemCodeOf(response: ServerResponse): string | undefined {
  return (response as ServerResponse & { [PROBLEM_CODE]?: string })[PROBLEM_CODE];
}

/** The app's observer, if a module provides one. */
export function requestObserverOf(app: INestApplication): RequestObserver | undefined {
  try {
    return app.get<RequestObserver>(REQUEST_OBSERVER, { strict: false });
  } catch {
    return undefined;
  }
}

/** Times each request from its first byte in to its last byte out. Kept small: it runs on every request. */
export function observeRequests(observer: RequestObserver) {
  return (request: ObservedRequest, response: ServerResponse, next: () => void): void => {
    const start = process.hrtime.bigint();
    response.once('finish', () => observer.observe(request, response, Number(process.hrtime.bigint() - start) / 1e9));
    next();
  };
}
