import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import importPlugin from 'eslint-plugin-import';
import { readdirSync } from 'node:fs';

// A service's src reads other contexts through libs/contracts, never their files. The all-in-one,
// the admin CLI and tests compose services, so they may import a service's module. Every folder
// under services/ is a service, so a new one is covered without editing this list.
const COMPOSERS = ['all-in-one', 'admin-cli'];
const SERVICES = readdirSync(new globalThis.URL('./services', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory() && !COMPOSERS.includes(entry.name))
  .map((entry) => entry.name);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['services/*/src/domain/**/*.ts', 'services/*/src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'pg', message: 'Domain and application code use the EventStore port, not pg.' },
            { name: 'kafkajs', message: 'Kafka stays inside libs/messaging.' },
            { name: '@eventstore/db-client', message: 'Use the EventStore port.' },
          ],
        },
      ],
    },
  },
  {
    files: ['services/**/*.ts', 'libs/**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            ...SERVICES.map((service) => ({
              target: `./services/${service}/src`,
              from: './services',
              except: [`./${service}`],
              message: 'Another service: import its published contract from @warranty/contracts.',
            })),
            {
              target: './libs',
              from: './services',
              message: 'Libraries never depend on a service.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import/no-cycle': 'error' },
  },
);
