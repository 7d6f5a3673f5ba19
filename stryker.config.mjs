// Mutation testing (`npm run mutation`): the round domain, the decide slices and the write path, measured
// against their unit specs only. The end-to-end suite also covers them but is far too slow to run per mutant.
// STRYKER_JSON_REPORT moves the json report, so the smoke spec in `npm test` does not overwrite a full run's.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  coverageAnalysis: 'perTest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      testRegex: ['apps/deal-room/src/(rounds|event-sourcing)/.*\\.spec\\.ts$', 'test/support/rounds/[^/]*\\.spec\\.ts$'],
    },
  },
  mutate: [
    'apps/deal-room/src/rounds/domain/**/*.ts',
    'apps/deal-room/src/rounds/*/*.decide.ts',
    'apps/deal-room/src/event-sourcing/{command-executor,idempotency-index,hash-chain,write-errors,fold,stream-states,stream-state-cache}.ts',
    'apps/deal-room/src/rounds/write-path/*.ts',
    '!**/*.spec.ts',
  ],
  // Two cores, shared with other jobs.
  concurrency: 2,
  // The default 5 s over a mutant's expected time is too thin on a busy shared machine: killed mutants whose
  // many failing specs print long stack traces passed it, and each timeout also restarts a test runner.
  timeoutMS: 15000,
  // A mutant in a module-level constant can only be tested by reloading every spec, the embedded-store ones
  // included: 301 such mutants took an estimated 80% of a full run's time, which then needed over 1.5 h.
  // They are reported as Ignored; set this to false to run them too.
  ignoreStatic: true,
  reporters: ['clear-text', 'json', 'progress-append-only'],
  jsonReporter: { fileName: process.env.STRYKER_JSON_REPORT ?? 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
};
