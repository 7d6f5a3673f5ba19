/** One broken rule on one input field, e.g. `{ field: 'hardCap', rule: 'decimals', ... }`. */
export interface FieldIssue {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * A refusal with a stable `code` for programs and a message for people. It says nothing of transports:
 * the HTTP edge maps each code to a status, a CLI to an exit code.
 */
export abstract class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}
