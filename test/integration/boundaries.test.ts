import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The folder boundaries of STYLE.md are lint rules; these cases prove the rules bite. */
const lint = async (filePath: string, code: string): Promise<string[]> => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
};

describe('import boundaries', () => {
  it.each([
    ['shared/matrix.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'no Node built-ins'],
    ['shared/matrix.ts', "import { app } from 'electron';\nexport const x = app;\n", 'must not import electron'],
    ['shared/matrix.ts', "import { open } from '../db/open';\nexport const x = open;\n", 'must not import db/'],
    ['shared/matrix.ts', 'export const x = (): unknown => document.title;\n', "'document'"],
    ['renderer/src/main.tsx', "import { open } from '../../db/open';\nexport const x = open;\n", 'never db/'],
    ['renderer/src/main.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'must not import electron'],
    ['electron/handlers/models.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no electron import'],
    ['electron/cli/commands/modelsList.ts', "import { listModels } from '../../../db/queries/models';\nexport const x = listModels;\n", 'hosts go through dispatch'],
    ['electron/cli/main.ts', "import { appendAudit } from '../../db/audit';\nexport const x = appendAudit;\n", 'hosts go through dispatch'],
    ['electron/hosts/web.ts', "import { verifyAudit } from '../../db/audit';\nexport const x = verifyAudit;\n", 'hosts go through dispatch'],
    ['electron/main.ts', "import { getSetting } from '../db/queries/settings';\nexport const x = getSetting;\n", 'hosts go through dispatch'],
  ])('%s: %j is refused', async (file, code, message) => {
    const messages = await lint(file, code);
    expect(messages.join('\n')).toContain(message);
  }, 60_000);

  it('allows what each folder may use', async () => {
    expect(await lint('shared/matrix.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
    expect(await lint('electron/runtime.ts', "import { open } from '../db/open';\nexport const x = open;\n")).toEqual([]);
    expect(await lint('electron/cli/main.ts', "import { dispatch } from '../handlers';\nexport const x = dispatch;\n")).toEqual([]);
  }, 60_000);
});
