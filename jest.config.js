/**
 * One Jest run covers unit specs next to the code and end-to-end specs under test/. Request DTOs and
 * controllers go through the @nestjs/swagger compiler plugin, as in `nest build` (test/jest/).
 */


module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(apps|libs|test)/.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.(dto|controller)\\.ts$': '<rootDir>/test/jest/ts-jest-openapi.js',
    '^.+\\.ts$': 'ts-jest',
  },
  testEnvironment: 'node',
  // Stryker's sandboxes are copies of this project: their specs and package.json are not ours to run.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  moduleNameMapper: {
    '^@deal-room/embedded-eventstore$': '<rootDir>/libs/embedded-eventstore/src',
    '^@deal-room/event-store$': '<rootDir>/libs/event-store/src',
  },
  testTimeout: 30000,
};
