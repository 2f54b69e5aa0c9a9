/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/{libs,services,test}/**/*.spec.ts'],
  moduleNameMapper: {
    '^@warranty/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@warranty/([a-z-]+)/(.+)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/nest-log-levels.ts'],
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
  testSequencer: '<rootDir>/test/setup/test-sequencer.js',
  testTimeout: 60_000,
  maxWorkers: 2,
};
