import { randomUUID } from 'node:crypto';

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the demo expects back: a status, and for a refusal the problem's code. */
export type Expected = number | { readonly status: number; readonly code: string };

export class UnexpectedResponse extends Error {
  constructor(
    readonly request: string,
    readonly expected: Expected,
    readonly status: number,
    readonly body: Json,
  ) {
    const wanted = typeof expected === 'number' ? `${expected}` : `${expected.status} ${expected.code}`;
    super(`${request} answered ${status}, expected ${wanted}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'UnexpectedResponse';
  }
}

/** A thin fetch wrapper: every call states the answer it expects and throws on any other. */
export class DealRoomClient {
  /** One correlation id for the whole run, so an auditor can pull up everything the demo did. */
  readonly correlationId = `demo-${randomUUID()}`;

  constructor(private readonly baseUrl: string) {}

  async send(method: string, path: string, token: string, expected: Expected, body?: unknown): Promise<Json> {
    const request = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'X-Correlation-Id': this.correlationId,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(`${request}: cannot reach Deal Room at ${this.baseUrl} (${reason}). Is it running?`, { cause: error });
    }
    const text = await response.text();
    let parsed: Json = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: report the text as it came
    }
    const wanted = typeof expected === 'number' ? { status: expected, code: undefined } : expected;
    if (response.status !== wanted.status || (wanted.code !== undefined && parsed?.code !== wanted.code)) {
      throw new UnexpectedResponse(request, expected, response.status, parsed);
    }
    return parsed;
  }
}
