import type { Config } from 'jest';
import path from 'node:path';

// The project's own tests (unit, lab integration, contract, sensitivity) and those of the standalone
// packages (packages/<name>/test). The scenario run uses ../jest.config.ts instead.
const root = path.resolve(__dirname, '..');
const config: Config = {
  rootDir: root,
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/packages/*/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testEnvironment: '<rootDir>/test/selftest-environment.ts',
  testTimeout: 60_000,
  reporters: ['default', ['jest-junit', { outputDirectory: root, outputName: 'selftest-junit.xml', reportTestSuiteErrors: 'true' }]],
};
export default config;
