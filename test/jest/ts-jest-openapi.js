/**
 * ts-jest for request DTOs and controllers, with the OpenAPI plugin (./openapi-plugin.js). The plugin needs the
 * type checker, so these files are compiled with a program (tsconfig.openapi.json turns isolatedModules off);
 * every other file keeps the fast per-file transpilation.
 *
 * A second copy of ts-jest's transformer class is loaded on purpose: ts-jest caches its settings in a static
 * field keyed by the Jest project config, so two ts-jest entries in one project would both get the settings
 * of whichever ran first.
 */
const path = require('node:path');

const modulePath = require.resolve('ts-jest/dist/legacy/ts-jest-transformer');
const shared = require.cache[modulePath];
delete require.cache[modulePath];
const { TsJestTransformer } = require(modulePath);
// Put back the shared copy, or none, so that plain ts-jest never picks up this one.
if (shared) require.cache[modulePath] = shared;
else delete require.cache[modulePath];

const root = path.join(__dirname, '../..');

module.exports = {
  createTransformer: () =>
    new TsJestTransformer({
      tsconfig: path.join(root, 'tsconfig.openapi.json'),
      // Type errors are the type check's business (npm run typecheck), not the test run's.
      diagnostics: false,
      astTransformers: { before: [path.join(__dirname, 'openapi-plugin.js')] },
    }),
};
