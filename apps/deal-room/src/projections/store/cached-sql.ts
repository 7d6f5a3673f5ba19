import type { Database, Statement } from 'better-sqlite3';
import { Sql, SqlParams } from '../projection-definition';

/** Prepares each distinct statement once per connection; bigints are bound as decimal text. */
export class CachedSql implements Sql {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  run(sql: string, params?: SqlParams): number {
    return this.call(sql, params, (statement, args) => statement.run(...args).changes);
  }

  get<Row>(sql: string, params?: SqlParams): Row | undefined {
    return this.call(sql, params, (statement, args) => statement.get(...args) as Row | undefined);
  }

  all<Row>(sql: string, params?: SqlParams): Row[] {
    return this.call(sql, params, (statement, args) => statement.all(...args) as Row[]);
  }

  private call<T>(sql: string, params: SqlParams | undefined, use: (statement: Statement, args: unknown[]) => T): T {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return use(statement, params === undefined ? [] : [bind(params)]);
  }
}

// A loop, not Object.fromEntries(Object.entries(...).map(...)): it runs for every statement of every event.
function bind(params: SqlParams): Record<string, string | number | null> {
  const bound: Record<string, string | number | null> = {};
  for (const key in params) {
    const value = params[key];
    bound[key] = typeof value === 'bigint' ? value.toString() : value;
  }
  return bound;
}
