import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/** Told about every answered request, refusals of the body parser included (the metrics module provides one). */
export interface RequestObserver {
  observe(exchange: ObservedExchange, seconds: number): void;
}

/** What the observer is told of a request and its answer. */
export interface ObservedExchange {
  readonly method: string;
  /** The template of the route that matched (`/rounds/:roundId`), or undefined when none did. */
  readonly route: string | undefined;
  readonly status: number;
  /** The code of the problem answered, for a refusal or a failure. */
  readonly problemCode: string | undefined;
  /** The command a write ran (MakeCommitment), as WriteResultInterceptor names it. */
  readonly command: string | undefined;
  /** Whether the answer was replayed for an Idempotency-Key. */
  readonly replayed: boolean;
}

/** The fields of a Fastify request and reply the observer reads; typed here so that tests can build them. */
export interface ObservedRequest {
  readonly method: string;
  readonly is404?: boolean;
  readonly routeOptions?: { readonly url?: string };
  readonly raw: IncomingMessage & { command?: string };
}

export interface ObservedReply {
  readonly elapsedTime: number;
  readonly raw: ServerResponse;
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

/**
 * An `onResponse` hook telling the observer of each answered request, timed by Fastify from the request's
 * arrival to its last byte out. Kept small: it runs on every request.
 */
export function observeRequests(observer: RequestObserver) {
  return (request: ObservedRequest, reply: ObservedReply, done: () => void): void => {
    const response = reply.raw;
    const status = response.statusCode;
    observer.observe(
      {
        method: request.method,
        route: request.is404 === true ? undefined : request.routeOptions?.url,
        status,
        problemCode: status >= 400 ? problemCodeOf(response) : undefined,
        command: request.raw.command,
        replayed: response.getHeader('Idempotent-Replayed') === 'true',
      },
      reply.elapsedTime / 1000,
    );
    done();
  };
}
