import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { ApplicationError } from '../common/application-error';

export type ReportFormat = 'json' | 'csv';
export type CsvRow = Readonly<Record<string, string | number | null>>;

/** `?format=json` (the default) or `csv`; anything else is refused rather than guessed at. */
export function parseFormat(raw: unknown): ReportFormat {
  if (raw === undefined || raw === 'json') return 'json';
  if (raw === 'csv') return 'csv';
  throw new ApplicationError('VALIDATION_FAILED', 400, 'The report format is not supported.', [
    { field: 'format', rule: 'choice', message: 'must be json or csv' },
  ]);
}

/**
 * Sends the report: JSON as Nest would, or CSV with a header row. Amounts are already decimal strings,
 * so a spreadsheet gets exactly what the JSON says; a null becomes an empty cell.
 */
export function sendReport(response: Response, format: ReportFormat, name: string, json: unknown, csv: { columns: readonly string[]; rows: readonly CsvRow[] }): unknown {
  if (format === 'json') return json;
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return stringify(csv.rows as CsvRow[], { header: true, columns: [...csv.columns] });
}
