import { FieldIssue } from '../kernel';

/** One broken rule on one input field, as the kernel defines it. */
export type FieldProblem = FieldIssue;

export type ProblemStatus = 400 | 401 | 403 | 404 | 408 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 431 | 503;

/**
 * A refusal decided outside the domain (authentication, revisions, idempotency, limits), with the HTTP
 * status it maps to. Domain errors stay free of statuses; the problem filter maps their codes.
 */
export class ApplicationError extends Error {
  constructor(
    readonly code: string,
    readonly status: ProblemStatus,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApplicationError';
  }
}
