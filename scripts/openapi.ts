// `npm run openapi`: writes the OpenAPI document the app serves at /docs/openapi.json to docs/openapi.json,
// the copy test/docs/openapi.e2e-spec.ts compares the served one with. `--check` only compares (exit 1 on drift).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../apps/deal-room/src/app.module';
import { parseAppConfig } from '../apps/deal-room/src/config/parse-app-config';
import { buildOpenApiDocument, createHttpAdapter } from '../apps/deal-room/src/http';

const USAGE = `Usage: npm run openapi [-- --check] [--out FILE]

Builds the app's OpenAPI document (what /docs/openapi.json serves) and writes it to FILE (docs/openapi.json).
Run it after changing a route or a request DTO, and commit the file: the test suite compares the two.

Options:
  --check        compare instead of writing; exit 1 if the file differs
  --out FILE     where the checked-in copy lives (default docs/openapi.json)
  -h, --help     show this help
`;

export function openApiText(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { check: { type: 'boolean' }, out: { type: 'string', default: 'docs/openapi.json' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // The document depends on the code only, but building it instantiates the app: give it a throwaway store.
  const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-openapi-'));
  try {
    const parsed = parseAppConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const app = await NestFactory.create(AppModule.forRoot(parsed.config, { DATA_DIR: dataDir }), createHttpAdapter(), { logger: false, abortOnError: false });
    const text = openApiText(buildOpenApiDocument(app));
    await app.close();
    if (values.check) {
      const current = readFileSync(values.out, 'utf8');
      if (current === text) return 0;
      process.stderr.write(`${values.out} is out of date: run npm run openapi and commit it\n`);
      return 1;
    }
    writeFileSync(values.out, text);
    process.stderr.write(`Wrote ${values.out}\n`);
    return 0;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`openapi failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
