import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/local-servers';

// The dependency rules between layers (eslint.config.mjs, docs/architecture.md): libs never import
// apps; persistence never imports the command engine; the API and the worker never import each
// other; the domain imports no other layer. `npm test` lints the code; this proves each rule bites.
describe('layering rules', () => {
  // ESLint runs as its own process (it loads its flat config with a dynamic import, which Jest's VM does not allow).
  const lint = (file: string, from: string): string[] => {
    const run = spawnSync(join(projectRoot, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], {
      cwd: projectRoot,
      input: `import * as probe from '${from}';\nexport const used = probe;\n`,
      encoding: 'utf8',
    });
    const [result] = JSON.parse(run.stdout) as { messages: { message: string }[] }[];
    return result.messages.map((m) => m.message);
  };

  it.each([
    ['libs/command-engine/src/probe.ts', '../../../apps/worker/src/worker.module', 'libs never import apps'],
    ['libs/operations/src/probe.ts', '../../../apps/api/src/api.module', 'libs never import apps'],
    ['libs/persistence/src/probe.ts', '../../../apps/api/src/api.module', 'libs never import apps'],
    ['libs/persistence/src/probe.ts', '@app/command-engine', 'persistence never imports the command engine'],
    ['libs/persistence/src/commands/probe.ts', '../../../command-engine/src/group-pump', 'persistence never imports the command engine'],
    ['libs/persistence/src/probe.ts', '@app/operations', 'persistence never imports the command engine'],
    ['libs/platform/src/probe.ts', '@app/persistence', 'platform never imports persistence'],
    ['apps/api/src/probe.ts', '../../worker/src/worker.module', 'the API never imports the worker'],
    ['apps/worker/src/probe.ts', '../../api/src/api.module', 'the worker never imports the API'],
    ['libs/domain/src/probe.ts', '@app/command-engine', 'libs/domain is pure'],
    ['libs/domain/src/probe.ts', '@app/platform', 'libs/domain is pure'],
    ['libs/domain/src/model/probe.ts', '../../../persistence/src', 'libs/domain is pure'],
    ['libs/domain/src/probe.ts', '../../../apps/worker/src/worker.module', 'libs/domain is pure'],
  ])('refuses in %s an import of %s (%s)', (file, from, rule) => {
    expect(lint(file, from)).toContainEqual(expect.stringContaining(rule));
  });

  it.each([
    ['apps/api/src/probe.ts', '@app/command-engine'],
    ['apps/worker/src/probe.ts', '@app/persistence'],
    ['libs/command-engine/src/probe.ts', '@app/persistence'],
    ['libs/persistence/src/probe.ts', '@app/domain'],
    ['libs/domain/src/model/probe.ts', '../decide'],
  ])('allows in %s an import of %s', (file, from) => {
    expect(lint(file, from)).toEqual([]);
  });
});
