import { parseArgs } from 'node:util';
import { chooseDataDir } from '../../data-dir/data-dir';
import { ID_PATTERN } from '../../kernel';
import { parsePointInTime, PointInTime } from '../../rounds/time-travel';

export const AUDIT_USAGE = `Usage: npm run audit -- <history|verify|replay> --round <id> [options]
       npm run audit -- verify --stream <access-log|anchors> [options]
       npm run audit -- verify --file <export.jsonl> [--file ...] [--receipts <file>] --key <keys.json>

Reads a round straight from the event store, without the HTTP app: EVENTSTORE_CONNECTION_STRING when set,
else the store on the data directory (--data-dir, else DATA_DIR, else ./data), which must hold one: while
the app runs on it, its store, read live (asked for its address over the owner-only socket
DIR/control/events.sock; run this as the app's account), else an embedded store of this command's own.
Each run on a store is recorded in its access log. With --file, verify needs no store at all: it checks
exports (a round's, the access log's, the anchors') as an auditor received them.

  history   the round's events with who, when, hash and a summary (--format table, csv or jsonl)
  verify    a sentence, then the verdict as JSON: the hash chain, the numbering from revision 0, the
            closing seal, every anchor and receipt; exits 1 when anything does not hold
  replay    the round's state as JSON, folded from its events (now, or as of --as-of / --at-revision)

Options:
  --round <id>            the round
  --stream <name>         verify the access log or the anchors stream instead of a round
  --file <path>           verify a JSON Lines export, offline (repeat for several; anchors exports too)
  --receipts <path>       receipts as kept from Deal-Room-Receipt headers, one per line (repeatable)
  --key <path>            the deployment's public key (/.well-known/deal-room/keys, a JWK or a PEM);
                          on a store it defaults to the data directory's signing key
  --json                  verify: print only the JSON, without the sentence
  --as-of <time>          ISO 8601 with an offset, e.g. 2025-06-30T18:00:00+08:00 (history, replay)
  --at-revision <n>       up to and including this revision (history, replay)
  --format <f>            table (default), csv or jsonl (history)
  --data-dir <dir>        the embedded store's data directory (default: DATA_DIR, else ./data)
  -h, --help              show this help

Exit status: 0 done, 1 verification failed, 2 bad usage or the round could not be read.
`;

export type Command = 'history' | 'verify' | 'replay';

/** What to read: a round or a log stream in the store, or export files with no store at all. */
export type Subject = { readonly kind: 'round'; readonly roundId: string } | { readonly kind: 'stream'; readonly stream: string } | { readonly kind: 'files'; readonly files: readonly string[] };

export interface Invocation {
  readonly command: Command;
  readonly subject: Subject;
  /** The round, when the subject is one (history and replay only ever read a round). */
  readonly roundId: string;
  readonly point: PointInTime | null;
  readonly format: 'table' | 'csv' | 'jsonl';
  readonly dataDir: string;
  readonly receipts: readonly string[];
  readonly key: string | null;
  readonly jsonOnly: boolean;
}

const LOG_STREAMS = ['access-log', 'anchors'];

/** The invocation, 'help', or every usage problem found (all at once, so one retry fixes them). */
export function parseInvocation(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Invocation | 'help' | string[] {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        round: { type: 'string' },
        stream: { type: 'string' },
        file: { type: 'string', multiple: true },
        receipts: { type: 'string', multiple: true },
        key: { type: 'string' },
        json: { type: 'boolean' },
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
  const files = values.file ?? [];
  const subjects = [values.round !== undefined, values.stream !== undefined, files.length > 0].filter(Boolean).length;
  let subject: Subject | null = null;
  if (subjects > 1) problems.push('give one of --round, --stream or --file');
  else if (files.length > 0) subject = { kind: 'files', files };
  else if (values.stream !== undefined) {
    if (!LOG_STREAMS.includes(values.stream)) problems.push(`--stream must be ${LOG_STREAMS.join(' or ')}`);
    else subject = { kind: 'stream', stream: values.stream };
  } else if (values.round === undefined || !ID_PATTERN.test(values.round)) problems.push(`--round is required and must match ${ID_PATTERN.source}`);
  else subject = { kind: 'round', roundId: values.round };
  if (command !== 'verify' && subject !== null && subject.kind !== 'round') problems.push(`--stream and --file apply to verify only`);
  if (command !== 'verify' && (values.receipts !== undefined || values.key !== undefined || values.json !== undefined)) problems.push('--receipts, --key and --json apply to verify only');
  const point = parsePointInTime(values['at-revision'], values['as-of'], { atRevision: '--at-revision', asOf: '--as-of' });
  if (!point.ok) problems.push(...point.problems.map(({ field, message }) => `${field} ${message}`));
  if (command === 'verify' && (values['as-of'] !== undefined || values['at-revision'] !== undefined)) problems.push('verify checks the whole chain: --as-of and --at-revision do not apply');
  const format = values.format ?? 'table';
  const isFormat = (value: string): value is Invocation['format'] => ['table', 'csv', 'jsonl'].includes(value);
  if (!isFormat(format)) problems.push('--format must be table, csv or jsonl');
  else if (values.format !== undefined && command !== 'history') problems.push('--format applies to history only');
  const dataDir = chooseDataDir(values['data-dir'], env);
  if ('error' in dataDir) problems.push(dataDir.error);
  if (problems.length > 0 || !point.ok || !isFormat(format) || subject === null || 'error' in dataDir) return problems;
  return {
    command: command as Command,
    subject,
    roundId: subject.kind === 'round' ? subject.roundId : '',
    point: point.point,
    format,
    dataDir: dataDir.dataDir,
    receipts: values.receipts ?? [],
    key: values.key ?? null,
    jsonOnly: values.json === true,
  };
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
