import tseslint from 'typescript-eslint';

// Layering: the domain is pure. It imports no framework, no driver and nothing doing I/O, and it
// reads time only from the injected Clock.
const forbiddenInDomain = [
  '@nestjs/*', 'mongoose', 'mongodb', 'bullmq', 'ioredis', 'redis', 'express', 'pino', 'nestjs-pino',
  'fs', 'node:fs', 'fs/*', 'node:fs/*', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https',
  'http2', 'node:http2', 'dgram', 'node:dgram', 'child_process', 'node:child_process', 'worker_threads',
  'node:worker_threads', 'cluster', 'node:cluster', 'dns', 'node:dns', 'tls', 'node:tls',
  '@app/persistence', '@app/persistence/*', '@app/command-engine', '@app/command-engine/*', '@app/operations', '@app/operations/*', '@app/platform', '@app/platform/*',
];

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
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: forbiddenInDomain, message: 'libs/domain is pure: no framework, driver or I/O imports.' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take time from the injected Clock.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take time from the injected Clock.' },
      ],
    },
  },
);
