// The layering of DESIGN.md is enforced by lint: these prove the rules fire where they must and stay
// quiet where imports are allowed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: import.meta.dirname });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layering lint rules', () => {
  it('keep electron inside src-main/electron', async () => {
    expect(await problems('src-main/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Only src-main\/electron\/ may import electron/),
    ]);
    expect(await problems('src-main/fleet/x.ts', "import { ipcMain } from 'electron/main';\nexport const a = ipcMain;\n")).toHaveLength(1);
    expect(await problems('src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await problems('src-main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('keep Node out of src-shared and the renderer', async () => {
    expect(await problems('src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Node modules are not available here/),
    ]);
    expect(await problems('src-shared/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
    expect(await problems('src-renderer/x.ts', "import { spawn } from 'node:child_process';\nexport const a = spawn;\n")).toHaveLength(1);
    expect(await problems('src-renderer/x.ts', 'export const a = process.env;\n')).toEqual([expect.stringMatching(/^no-restricted-globals: /)]);
    expect(await problems('src-main/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([]);
  });

  it('keep the DOM out of src-shared', async () => {
    expect(await problems('src-shared/x.ts', 'export const a = () => document.title;\n')).toEqual([expect.stringMatching(/^no-restricted-globals: /)]);
  });

  it('keep the renderer from reaching into main', async () => {
    expect(await problems('src-renderer/views/x.ts', "import { Workbench } from '../../src-main/workbench.ts';\nexport const a = Workbench;\n")).toEqual([
      expect.stringMatching(/talks to main only through window.workbench/),
    ]);
  });
});
