import { columnsSql } from './projection-definition';

describe('columnsSql', () => {
  // The schema hash covers this text: another layout would rebuild every read model on the next start.
  it('lays out columns and constraints as the tables were first written by hand', () => {
    expect(columnsSql({ a: 'TEXT NOT NULL', b: 'INTEGER' }, 'PRIMARY KEY (a)')).toBe('\n      a TEXT NOT NULL,\n      b INTEGER,\n      PRIMARY KEY (a)');
  });
});
