// One runner, three tiers: pure unit specs beside the code (libs), integration specs against the
// real MongoDB-compatible server and Redis, and end-to-end specs through both apps over HTTP.
const fs = require('node:fs');
const path = require('node:path');

// NestJS 12 and a few of its dependencies ship as native ES modules. Node loads them from
// CommonJS (require(esm)), but Jest's own module loader does not on Node 20, so Jest compiles
// exactly those packages with swc, found by their package.json "type".
function esmPackages(root = path.join(__dirname, 'node_modules')) {
  const names = [];
  for (const entry of fs.readdirSync(root)) {
    const candidates = entry.startsWith('@')
      ? fs.readdirSync(path.join(root, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of candidates) {
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8'));
        if (manifest.type === 'module') names.push(name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      } catch {
        // not a package directory
      }
    }
  }
  return names;
}

const swcOptions = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcOptions.$schema;
swcOptions.jsc.baseUrl = __dirname;

const shared = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcOptions, swcrc: false }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleNameMapper: {
    '^@app/(domain|persistence|command-engine|operations|platform)$': '<rootDir>/libs/$1/src',
    '^@app/(domain|persistence|command-engine|operations|platform)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
};

module.exports = {
  // Integration and end-to-end hooks start servers and processes; unit specs take milliseconds anyway.
  testTimeout: 180_000,
  collectCoverageFrom: ['libs/domain/src/**/*.ts', '!libs/domain/src/**/*.spec.ts', '!libs/domain/src/**/index.ts'],
  coverageThreshold: { './libs/domain/src/': { lines: 95, branches: 95 } },
  coverageReporters: ['text-summary', 'json-summary'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/apps/*/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
