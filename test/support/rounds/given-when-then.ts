// given(events).when(command, context).then(events) / .thenThrows(code): the decider test helper.
// Framework-free on purpose: plain throws and exact comparison, so that it can be used anywhere and its
// own spec proves it fails.
import { DecisionContext, RoundCommand } from './round-decider';
import { decide } from './round-decider';
import { DomainError, DomainErrorCode } from '../../../apps/deal-room/src/rounds/domain';
import { RoundEvent, foldRound } from '../../../apps/deal-room/src/rounds/domain';
import { FieldIssue } from '../../../apps/deal-room/src/kernel';

export interface Scenario {
  /** The command succeeds with exactly these events (bigints, order and all). */
  then(expected: readonly RoundEvent[]): RoundEvent[];
  /** The command is refused with this code and, for each detail given, a matching field issue. */
  thenThrows(code: DomainErrorCode, ...details: Partial<FieldIssue>[]): DomainError;
}

export function given(history: readonly RoundEvent[] = []) {
  return {
    when(command: RoundCommand, context: DecisionContext): Scenario {
      const run = () => decide(command, foldRound(history), context);
      return {
        then(expected) {
          const actual = run();
          if (show(actual) !== show(expected)) {
            throw new Error(`Events differ.\nExpected: ${show(expected, 2)}\nReceived: ${show(actual, 2)}`);
          }
          return actual;
        },
        thenThrows(code, ...details) {
          let outcome: unknown;
          try {
            outcome = run();
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            if (error.code !== code) {
              const details = show(error.details, 2);
              throw new Error(`Expected ${code}, got ${error.code}: ${error.message}\n${details}`, { cause: error });
            }
            for (const detail of details) {
              const found = error.details.some((issue) =>
                Object.entries(detail).every(([key, value]) => issue[key as keyof FieldIssue] === value),
              );
              if (!found) throw new Error(`No issue like ${show(detail)} in ${show(error.details, 2)}`, { cause: error });
            }
            return error;
          }
          throw new Error(`Expected ${code}, but the command succeeded with ${show(outcome, 2)}`);
        },
      };
    },
  };
}

/** Canonical JSON: sorted keys, bigints tagged, so equal data always prints the same. */
export function show(value: unknown, indent?: number): string {
  return JSON.stringify(canonical(value), null, indent) ?? 'undefined';
}

function canonical(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
