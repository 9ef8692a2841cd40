import tseslint from 'typescript-eslint';

// Layering (docs/architecture.md): domain ◀ platform ◀ persistence ◀ command-engine ◀ operations ◀ apps.
// The domain is pure: it imports no framework, no driver, nothing doing I/O and no other layer, and
// it reads time only from the injected Clock.
const forbiddenInDomain = [
  '@nestjs/*', 'mongoose', 'mongodb', 'bullmq', 'ioredis', 'redis', 'express', 'pino', 'nestjs-pino',
  'fs', 'node:fs', 'fs/*', 'node:fs/*', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https',
  'http2', 'node:http2', 'dgram', 'node:dgram', 'child_process', 'node:child_process', 'worker_threads',
  'node:worker_threads', 'cluster', 'node:cluster', 'dns', 'node:dns', 'tls', 'node:tls',
  '@app/*', '!@app/domain', '!@app/domain/*', '**/persistence/**', '**/platform/**', '**/command-engine/**', '**/operations/**', '**/apps/**',
];
const apps = ['**/apps/**', '**/apps'];
const engine = ['@app/command-engine', '@app/command-engine/*', '@app/operations', '@app/operations/*', '**/command-engine/**', '**/operations/**'];

/** One import rule a layer obeys: the imports it refuses and the message naming the rule. */
const layer = (files, group, message) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] } });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'tools/**', '**/*.js', '**/*.mjs', 'test/generated-client/api-types.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Tests, benchmarks and the API client they share read responses as loose JSON.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts', 'scripts/api-client.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // A file takes the last of these that names it, so each repeats the rules of the wider ones.
  layer(['libs/**/*.ts'], apps, 'libs never import apps.'),
  layer(['libs/persistence/**/*.ts'], [...apps, ...engine], 'persistence never imports the command engine; libs never import apps.'),
  layer(['libs/platform/**/*.ts'], [...apps, ...engine, '@app/persistence', '@app/persistence/*', '**/persistence/**'], 'platform never imports persistence or the command engine; libs never import apps.'),
  layer(['apps/api/**/*.ts'], ['**/worker/src/**', '**/apps/worker/**'], 'the API never imports the worker.'),
  layer(['apps/worker/**/*.ts'], ['**/api/src/**', '**/apps/api/**'], 'the worker never imports the API.'),
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: forbiddenInDomain, message: 'libs/domain is pure: no framework, driver, I/O or other layer imports.' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take time from the injected Clock.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take time from the injected Clock.' },
      ],
    },
  },
);
