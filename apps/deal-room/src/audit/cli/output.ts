import { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { AuditEntry } from '../audit-entry';

/** Writes and waits for the stream to drain, so a long export never piles up in memory. */
export function write(stream: Writable, chunk: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(chunk, (error) => (error ? reject(error) : undefined))) resolve();
    else stream.once('drain', resolve);
  });
}

export const TABLE_HEADER = `${'REV'.padStart(5)}  ${'RECORDED AT'.padEnd(24)}  ${'ACTOR'.padEnd(36)}  ${'HASH'.padEnd(12)}  SUMMARY\n`;

/** Fixed-width columns: the table is printed as the round is read, before the widest value is known. */
export function tableRow(entry: AuditEntry): string {
  const actor = `${entry.actor.sub ?? '?'} (${entry.actor.role ?? '?'})`;
  return `${String(entry.revision).padStart(5)}  ${(entry.recordedAt ?? '?').padEnd(24)}  ${fit(actor, 36)}  ${(entry.hash ?? '?').slice(0, 12).padEnd(12)}  ${entry.summary}\n`;
}

const fit = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

export interface Progress {
  update(eventsRead: number): void;
  stop(): void;
}

/** A progress bar on stderr, only for a person at a terminal: redirected output stays clean. */
export function progressOn(stderr: Writable & { isTTY?: boolean }, total: number | null): Progress {
  if (!stderr.isTTY || total === null) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream: stderr as unknown as NodeJS.WritableStream, format: 'reading events [{bar}] {value}/{total}', hideCursor: true });
  bar.start(total, 0);
  return { update: (eventsRead) => bar.update(Math.min(eventsRead, total)), stop: () => bar.stop() };
}
