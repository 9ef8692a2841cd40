import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ERROR_CODES } from '@app/domain';
import { projectRoot } from '../../scripts/local-servers';

const read = (file: string) => readFileSync(join(projectRoot, file), 'utf8');
const DOCS = ['README.md', ...readdirSync(join(projectRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

// The docs stay true and inside the repository (issue 14).
describe('docs', () => {
  it('docs/error-codes.md names every error code of the domain (R-ERR-1)', () => {
    const table = read('docs/error-codes.md');
    expect(ERROR_CODES.filter((code) => !table.includes(`\`${code}\``))).toEqual([]);
  });

  it('docs/operations.md lists every variable the configuration loader reads', () => {
    const variables = [...read('libs/platform/src/config/load-config.ts').matchAll(/\(env, '([A-Z_]+)'/g)].map((match) => match[1]);
    expect(variables.length).toBeGreaterThan(10);
    const operations = read('docs/operations.md');
    expect(variables.filter((name) => !operations.includes(`\`${name}\``))).toEqual([]);
  });

  it('links of the README and docs/ point at files of the repository', () => {
    const broken = DOCS.flatMap((doc) =>
      [...read(doc).matchAll(/\]\(([^)\s]+)\)/g)]
        .map((match) => match[1])
        .filter((target) => /^[a-z]+:/i.test(target) || target.startsWith('/') || !existsSync(resolve(projectRoot, dirname(doc), target.split('#')[0])))
        .map((target) => `${doc}: ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
