import type { Options } from 'csv-stringify';

// A spreadsheet runs a cell as a formula when it starts with one of these, full-width forms included
// (Excel in East Asian locales reads ＝ as =). DDE payloads (`+cmd|' /C calc'!A0`) start the same way.
// eslint-disable-next-line no-control-regex -- control characters before a formula are what the rule must catch
const FORMULA_START = /^[\s\u0000-\u001f]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
// A tab, carriage return or line feed first can shift what the spreadsheet takes for the cell's start.
const CONTROL_START = /^[\t\r\n]/;
// Spreadsheets in locales whose list separator is not a comma split on these when a cell is unquoted,
// which would start a new cell (and perhaps a formula) mid-value; quoted, the cell stays one.
const OTHER_SEPARATORS = /[;\t|]/;

/**
 * The one rule for a text cell in any CSV the product writes: a cell that a spreadsheet would run as a
 * formula gets a leading `'`, so that it is shown as typed instead. Company, round and investor names,
 * reasons and `sub`s are typed by people, so every string cell goes through this.
 */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) || CONTROL_START.test(value) ? `'${value}` : value;
}

/**
 * csv-stringify options for every CSV the product writes: a header row, the given columns, RFC 4180
 * quoting, and every string cell through spreadsheetSafe. Numbers are left alone: a negative number is
 * a number to a spreadsheet, not a formula.
 */
export function csvOptions(columns: readonly string[]): Options {
  return {
    header: true,
    columns: [...columns],
    cast: { string: spreadsheetSafe },
    quoted_match: OTHER_SEPARATORS,
  };
}
