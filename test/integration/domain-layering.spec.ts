import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/local-servers';

// The dependency rule of the layering (style.md): libs/domain imports no framework, driver or I/O,
// and reads time only from the injected Clock. `npm test` lints the code; this proves the rule bites.
describe('libs/domain layering rule', () => {
  // ESLint runs as its own process (it loads its flat config with a dynamic import, which Jest's VM does not allow).
  const lint = async (code: string, file = 'libs/domain/src/probe.ts'): Promise<string[]> => {
    const run = spawnSync(join(projectRoot, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], {
      cwd: projectRoot,
      input: code,
      encoding: 'utf8',
    });
    const [result] = JSON.parse(run.stdout) as { messages: { message: string }[] }[];
    return result.messages.map((m) => m.message);
  };

  it.each(['@nestjs/common', 'mongoose', 'bullmq', 'ioredis', 'node:fs', 'net', 'http', '@app/persistence'])('refuses an import of %s in libs/domain', async (module) => {
    expect(await lint(`import * as probe from '${module}';\nexport const used = probe;\n`)).toContainEqual(expect.stringContaining('libs/domain is pure'));
  });

  it('refuses reading the time without the Clock in libs/domain', async () => {
    const messages = await lint('export const a = new Date();\nexport const b = Date.now();\n');
    expect(messages.filter((m) => m.includes('Clock'))).toHaveLength(2);
  });

  it('allows the same imports outside libs/domain, and dates from a value inside it', async () => {
    expect(await lint("import mongoose from 'mongoose';\nexport const m = mongoose;\n", 'libs/persistence/src/probe.ts')).toEqual([]);
    expect(await lint('export const at = (ms: number) => new Date(ms);\n')).toEqual([]);
  });
});
