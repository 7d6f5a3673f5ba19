import { Writable } from 'node:stream';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ApplicationError } from '../../common/application-error';
import { roundStreamName } from '../../rounds/domain';
import { roundEntries } from '../history';
import { exportStream } from '../history-export';
import { headRevision, ReadOptions } from '../../event-sourcing/stream-reader';
import { asItStoodBody, roundAsItStood } from '../../rounds/time-travel';
import { verdictPasses, verifyRound } from '../verify-round';
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
  if (!Array.isArray(parsed)) return run(parsed, io);
  await write(io.stderr, `${parsed.map((problem) => `error: ${problem}`).join('\n')}\n\n${AUDIT_USAGE}`);
  return 2;
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

const COMMANDS: Record<Command, (client: EventStoreDBClient, invocation: Invocation, io: AuditIo) => Promise<number>> = {
  async history(client, { roundId, point, format }, io) {
    const entries = await withProgress(client, roundId, io, (read) => roundEntries(client, roundId, { through: point, read }));
    if (format === 'table') {
      await write(io.stdout, TABLE_HEADER);
      for await (const entry of entries) await write(io.stdout, tableRow(entry));
    } else {
      for await (const chunk of exportStream(entries, format)) await write(io.stdout, chunk as string | Buffer);
    }
    return 0;
  },
  async verify(client, { roundId }, io) {
    const verdict = await withProgress(client, roundId, io, (read) => verifyRound(client, roundId, read));
    await write(io.stdout, `${JSON.stringify(verdict, null, 2)}\n`);
    return verdictPasses(verdict) ? 0 : 1;
  },
  async replay(client, { roundId, point }, io) {
    const body = asItStoodBody(await roundAsItStood(client, roundId, point), point);
    await write(io.stdout, `${JSON.stringify(body, null, 2)}\n`);
    return 0;
  },
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
