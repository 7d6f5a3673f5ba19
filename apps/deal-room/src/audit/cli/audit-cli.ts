import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { Writable } from 'node:stream';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ACCESS_LOG_STREAM, AccessAction, appendAccessRecord, OFFLINE_ROLE } from '../../access-log';
import { AnchorIndex } from '../../anchors';
import { ApplicationError } from '../../common/application-error';
import { ChainedLog, parseVerifyingKeys, readSigningKey, VerifyingKey } from '../../evidence';
import { roundStreamName } from '../../rounds/domain';
import { roundEntries } from '../history';
import { exportStream } from '../history-export';
import { headRevision, ReadOptions } from '../../event-sourcing/stream-reader';
import { asItStoodBody, roundAsItStood } from '../../rounds/time-travel';
import { StreamVerdict, verdictPasses, verifyRound, verifyStoredStream } from '../verify-round';
import { verifyExports } from '../verification/verify-exports';
import { AUDIT_USAGE, Command, Invocation, messageOf, parseInvocation } from './audit-args';
import { progressOn, TABLE_HEADER, tableRow, write } from './output';
import { connectToStore } from './store-connection';

export interface AuditIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

const processIo = (): AuditIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** The whole `npm run audit` command, minus process exit, so that it can be tested. Resolves to the exit status. */
export async function runAudit(args: readonly string[], io: AuditIo = processIo()): Promise<number> {
  const parsed = parseInvocation(args, io.env);
  if (parsed === 'help') return write(io.stdout, AUDIT_USAGE).then(() => 0);
  if (!Array.isArray(parsed)) return parsed.subject.kind === 'files' ? verifyFiles(parsed, io) : run(parsed, io);
  await write(io.stderr, `${parsed.map((problem) => `error: ${problem}`).join('\n')}\n\n${AUDIT_USAGE}`);
  return 2;
}

/** Offline: export files, receipts and a key; no store is opened, so nothing can be recorded either. */
async function verifyFiles(invocation: Invocation, io: AuditIo): Promise<number> {
  let keys: VerifyingKey[] | null;
  let files;
  let receipts: string[];
  try {
    keys = invocation.key === null ? null : parseVerifyingKeys(readFileSync(invocation.key, 'utf8'));
    files = invocation.subject.kind === 'files' ? invocation.subject.files.map((source) => ({ source, text: readFileSync(source, 'utf8') })) : [];
    receipts = invocation.receipts.flatMap((path) => receiptsIn(readFileSync(path, 'utf8')));
  } catch (error) {
    await write(io.stderr, `error: ${messageOf(error)}\n`);
    return 2;
  }
  const { verdicts, problems, unmatchedReceiptStreams } = verifyExports(files, receipts, keys);
  if (problems.length > 0) {
    await write(io.stderr, `${problems.map((problem) => `error: ${problem}`).join('\n')}\n`);
    return 2;
  }
  if (verdicts.length === 0) {
    await write(io.stderr, 'error: the files hold no events\n');
    return 2;
  }
  if (keys === null && verdicts.some((verdict) => verdict.anchors.checked > 0 || verdict.receipts.checked > 0)) {
    await write(io.stderr, 'error: the export carries anchors or receipts were given: --key is needed to check their signatures\n');
    return 2;
  }
  if (unmatchedReceiptStreams.length > 0) {
    await write(io.stderr, `warning: receipts for ${unmatchedReceiptStreams.join(', ')} were not checked: no file holds that stream\n`);
  }
  return printVerdicts(verdicts, invocation, io);
}

async function run(invocation: Invocation, io: AuditIo): Promise<number> {
  let connection;
  try {
    connection = await connectToStore(io.env, invocation.dataDir);
  } catch (error) {
    await write(io.stderr, `error: ${messageOf(error)}\n`);
    return 2;
  }
  try {
    await recordRun(connection.client, invocation, io);
    return await COMMANDS[invocation.command](connection.client, invocation, io);
  } catch (error) {
    // A missing round or an unreachable store is the answer, not a crash: one line, no stack.
    if (!(error instanceof ApplicationError)) throw error;
    await write(io.stderr, `error: ${error.message}\n`);
    return 2;
  } finally {
    await connection.close();
  }
}

/**
 * Offline runs leave a record in the access log of the store they read, as reads through the API do. A
 * store the tool cannot write to (a read-only EventStoreDB user) is still read, with a warning.
 */
async function recordRun(client: EventStoreDBClient, invocation: Invocation, io: AuditIo): Promise<void> {
  const { subject, command } = invocation;
  const user = safe(() => userInfo().username, 'unknown');
  const record = {
    actor: { sub: `${user}@${safe(() => hostname(), 'unknown')}`, role: OFFLINE_ROLE, investorId: null },
    action: `offline-${command}` as AccessAction,
    endpoint: `npm run audit -- ${command}`,
    path: subject.kind === 'round' ? `round-${subject.roundId}` : subject.kind === 'stream' ? subject.stream : '',
    roundId: subject.kind === 'round' ? subject.roundId : null,
    filter: {},
    correlationId: randomUUID(),
    accessedAt: new Date().toISOString(),
  } as const;
  try {
    await appendAccessRecord(new ChainedLog(client, ACCESS_LOG_STREAM), record);
  } catch (error) {
    await write(io.stderr, `warning: this run could not be recorded in the access log: ${messageOf(error)}\n`);
  }
}

const COMMANDS: Record<Command, (client: EventStoreDBClient, invocation: Invocation, io: AuditIo) => Promise<number>> = {
  async history(client, { roundId, point, format }, io) {
    const entries = await withProgress(client, roundId, io, (read) => roundEntries(client, roundId, { through: point, read }));
    if (format === 'table') {
      await write(io.stdout, TABLE_HEADER);
      for await (const entry of entries) await write(io.stdout, tableRow(entry));
    } else {
      const anchors = format === 'jsonl' ? await new AnchorIndex(client).claimsFor(roundStreamName(roundId)) : [];
      for await (const chunk of exportStream(entries, format, point === null ? anchors : [])) await write(io.stdout, chunk as string | Buffer);
    }
    return 0;
  },
  async verify(client, invocation, io) {
    const { subject, key, dataDir } = invocation;
    const keys = key !== null ? parseVerifyingKeys(readFileSync(key, 'utf8')) : storeKeys(io.env, dataDir);
    const receipts = invocation.receipts.flatMap((path) => receiptsIn(readFileSync(path, 'utf8')));
    if (subject.kind === 'round') {
      const anchors = await new AnchorIndex(client).claimsFor(roundStreamName(subject.roundId));
      const verdict = await withProgress(client, subject.roundId, io, (read) => verifyRound(client, subject.roundId, { anchors, receipts, keys }, read));
      return printVerdicts([verdict], invocation, io);
    }
    const stream = subject.kind === 'stream' ? subject.stream : '';
    const verdict = await verifyStoredStream(client, stream, { anchors: [], receipts, keys });
    if (verdict === null) throw new ApplicationError('STREAM_NOT_FOUND', 404, `Nothing has been recorded in ${stream} yet.`);
    return printVerdicts([verdict], invocation, io);
  },
  async replay(client, { roundId, point }, io) {
    const body = asItStoodBody(await roundAsItStood(client, roundId, point), point);
    await write(io.stdout, `${JSON.stringify(body, null, 2)}\n`);
    return 0;
  },
};

/** The sentence of each verdict first, for a person; then the JSON, for programs (`--json`: the JSON only). */
async function printVerdicts(verdicts: readonly StreamVerdict[], { jsonOnly }: Invocation, io: AuditIo): Promise<number> {
  if (!jsonOnly) await write(io.stdout, verdicts.map((verdict) => `${verdict.verdict}\n`).join(''));
  await write(io.stdout, `${JSON.stringify(verdicts.length === 1 ? verdicts[0] : verdicts, null, 2)}\n`);
  return verdicts.every(verdictPasses) ? 0 : 1;
}

/** On a store the tool opens itself, the data directory's key; on an external store none unless --key is given. */
function storeKeys(env: Readonly<Record<string, string | undefined>>, dataDir: string): VerifyingKey[] | null {
  if (env.EVENTSTORE_CONNECTION_STRING !== undefined) return null;
  const key = readSigningKey(dataDir);
  return key ? [key] : null;
}

/** One receipt per line: the header's value as it came, or a JSON object with a `receipt` member. */
export function receiptsIn(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => (line.startsWith('{') ? String((JSON.parse(line) as { receipt?: unknown }).receipt) : line));
}

const safe = (read: () => string, fallback: string) => {
  try {
    return read();
  } catch {
    return fallback;
  }
};

/** Runs `work` with a progress bar fed by the reads, when stderr is a terminal. */
async function withProgress<T>(client: EventStoreDBClient, roundId: string, io: AuditIo, work: (read: ReadOptions) => Promise<T>): Promise<T> {
  const head = io.stderr.isTTY ? await headRevision(client, roundStreamName(roundId)) : null;
  const progress = progressOn(io.stderr, head === null ? null : Number(head) + 1);
  try {
    return await work({ onBatch: (read) => progress.update(read) });
  } finally {
    progress.stop();
  }
}
