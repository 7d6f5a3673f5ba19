import { pipeline, Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { csvOptions, HttpReply } from '../http';

export type CsvRow = Readonly<Record<string, string | number | null>>;

const CSV_TYPE = 'text/csv; charset=utf-8';

// Amounts are already decimal strings, so a spreadsheet gets exactly what the JSON says; a null becomes an
// empty cell. Company, round and investor names are typed by users: csvOptions keeps a spreadsheet from
// running them as formulas, by the rule every CSV of the product follows.
const options = csvOptions;

/** A small report (one round's book) as CSV text, with a header row. */
export function csvText(response: HttpReply, name: string, columns: readonly string[], rows: readonly CsvRow[]): string {
  response.header('Content-Type', CSV_TYPE);
  response.header('Content-Disposition', `attachment; filename="${name}.csv"`);
  return stringifySync(rows as CsvRow[], options(columns));
}

/**
 * A report of any length as a CSV download, written as `rows` yields them and only as fast as the client
 * reads: memory holds a batch, not the table. `release` runs once when the stream ends, fails or the
 * client goes away, whether or not any row was read. A failure half-way cuts the connection (Nest's
 * StreamableFile), so a cut file cannot pass for a whole one.
 */
export function csvDownload(name: string, columns: readonly string[], rows: AsyncIterable<CsvRow>, release: () => void): StreamableFile {
  const csv = stringify(options(columns));
  pipeline(Readable.from(rows), csv, () => undefined);
  csv.once('close', release);
  return new StreamableFile(csv, { type: CSV_TYPE, disposition: `attachment; filename="${name}.csv"` });
}
