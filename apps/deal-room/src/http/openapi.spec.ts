import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../..');

describe('the OpenAPI compiler plugin', () => {
  it('gets the same options from nest build as from the tests, so both serve one document', () => {
    const nestCli = JSON.parse(readFileSync(join(REPO, 'nest-cli.json'), 'utf8'));
    const plugin = nestCli.compilerOptions.plugins.find((entry: { name: string }) => entry.name === '@nestjs/swagger');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file
    const { openApiPluginOptions } = require(join(REPO, 'test/jest/openapi-plugin.js'));
    expect(plugin.options).toEqual(openApiPluginOptions);
  });
});
