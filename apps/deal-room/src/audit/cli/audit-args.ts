import { parseArgs } from 'node:util';
import { chooseDataDir } from '../../data-dir/data-dir';
import { ID_PATTERN } from '../../kernel';
import { parsePointInTime, PointInTime } from '../../rounds/time-travel';

export const AUDIT_USAGE = `Usage: npm run audit -- <history|verify|replay> --round <id> [options]

Reads a round straight from the event store, without the HTTP app: EVENTSTORE_CONNECTION_STRING when set,
else the embedded store on the data directory (--data-dir, else DATA_DIR, else ./data), which must hold one.
The app holds that store's lock while it runs: audit the running store through the address its listen line
gives (EVENTSTORE_CONNECTION_STRING='esdb://127.0.0.1:PORT?tls=false'), or a backup (npm run backup).

  history   the round's events with who, when, hash and a summary (--format table, csv or jsonl)
  verify    recomputes the hash chain and the closing seal; exits 1 when either does not hold
  replay    the round's state as JSON, folded from its events (now, or as of --as-of / --at-revision)

Options:
  --round <id>            the round
  --as-of <time>          ISO 8601 with an offset, e.g. 2025-06-30T18:00:00+08:00 (history, replay)
  --at-revision <n>       up to and including this revision (history, replay)
  --format <f>            table (default), csv or jsonl (history)
  --data-dir <dir>        the embedded store's data directory (default: DATA_DIR, else ./data)
  -h, --help              show this help

Exit status: 0 done, 1 verification failed, 2 bad usage or the round could not be read.
`;

export type Command = 'history' | 'verify' | 'replay';
export interface Invocation {
  readonly command: Command;
  readonly roundId: string;
  readonly point: PointInTime | null;
  readonly format: 'table' | 'csv' | 'jsonl';
  readonly dataDir: string;
}

/** The invocation, 'help', or every usage problem found (all at once, so one retry fixes them). */
export function parseInvocation(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Invocation | 'help' | string[] {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        round: { type: 'string' },
        'as-of': { type: 'string' },
        'at-revision': { type: 'string' },
        format: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return [messageOf(error)];
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const problems: string[] = [];
  const [command, ...extra] = positionals;
  if (command !== 'history' && command !== 'verify' && command !== 'replay') problems.push('the command must be history, verify or replay');
  if (extra.length > 0) problems.push(`unexpected arguments: ${extra.join(' ')}`);
  if (values.round === undefined || !ID_PATTERN.test(values.round)) problems.push(`--round is required and must match ${ID_PATTERN.source}`);
  const point = parsePointInTime(values['at-revision'], values['as-of'], { atRevision: '--at-revision', asOf: '--as-of' });
  if (!point.ok) problems.push(...point.problems.map(({ field, message }) => `${field} ${message}`));
  if (command === 'verify' && (values['as-of'] !== undefined || values['at-revision'] !== undefined)) problems.push('verify checks the whole chain: --as-of and --at-revision do not apply');
  const format = values.format ?? 'table';
  const isFormat = (value: string): value is Invocation['format'] => ['table', 'csv', 'jsonl'].includes(value);
  if (!isFormat(format)) problems.push('--format must be table, csv or jsonl');
  else if (values.format !== undefined && command !== 'history') problems.push('--format applies to history only');
  const dataDir = chooseDataDir(values['data-dir'], env);
  if ('error' in dataDir) problems.push(dataDir.error);
  if (problems.length > 0 || !point.ok || !isFormat(format) || 'error' in dataDir) return problems;
  return { command: command as Command, roundId: values.round as string, point: point.point, format, dataDir: dataDir.dataDir };
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
