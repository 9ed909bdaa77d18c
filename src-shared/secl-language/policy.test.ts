import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, Scalar, stringify, visit } from 'yaml';
import { seclPolicyService as policy } from './service.ts';
import { parsePolicy } from './policy.ts';
import { scalarText } from './yaml-scalar.ts';

const repo = resolve(import.meta.dirname, '..', '..');
function realPolicyFiles(): { name: string; text: string }[] {
  const packDir = join(repo, 'rules', 'runtime');
  const pack = readdirSync(packDir).filter((name) => name.endsWith('.policy')).map((name) => ({ name, text: readFileSync(join(packDir, name), 'utf8') }));
  return [...pack, { name: 'datadog default.policy', text: readFileSync(join(repo, '..', 'shared', 'corpora', 'datadog-cws', 'default.policy'), 'utf8') }];
}

/** Every non-space character of the value is found at its mapped place (an escape's backslash counts). */
function mapsExactly(source: string, node: Scalar): boolean {
  const mapped = scalarText(source, node);
  if (!mapped.exact) return false;
  return [...mapped.text].every((char, i) => /\s/.test(char) || source[mapped.offsets[i] as number] === char || source[mapped.offsets[i] as number] === '\\');
}

function apply(text: string, edits: { range: { start: number; end: number }; text: string }[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((out, edit) => out.slice(0, edit.range.start) + edit.text + out.slice(edit.range.end), text);
}

const at = (text: string, needle: string, plus = 0) => text.indexOf(needle) + plus;

describe('SECL positions inside YAML', () => {
  it('maps every character of every string of the bundled pack and of Datadog’s default policy to its place', () => {
    let count = 0;
    for (const file of realPolicyFiles()) {
      visit(parseDocument(file.text), {
        Scalar(_key, node) {
          if (typeof node.value !== 'string') return;
          count++;
          expect(mapsExactly(file.text, node), `${file.name}: ${node.value.slice(0, 60)}`).toBe(true);
        },
      });
    }
    expect(count).toBeGreaterThan(5000);
  });

  it('maps expressions written in every scalar style (generated)', () => {
    const styles = [Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
    const piece = fc.constantFrom('exec.file.name', '==', '"curl"', "'x'", '\\"', '&&', 'process.uid', '#', 'a: b', '\t', '\\n', 'é', '[', ']', '-1');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 30 }), fc.array(fc.constantFrom(' ', '\n', '  '), { minLength: 30, maxLength: 30 }), fc.constantFrom(...styles), fc.constantFrom(20, 40, 80), (pieces, gaps, style, lineWidth) => {
        const value = pieces.map((p, i) => p + (i < pieces.length - 1 ? gaps[i] : '')).join('');
        const node = new Scalar(value);
        node.type = style;
        const yaml = stringify({ rules: [{ id: 'r', expression: node }] }, { lineWidth, minContentWidth: 10 });
        // The expression as the yaml package parsed it back (it may fold a value differently than asked).
        const expression = parsePolicy(yaml).expressions[0];
        expect(expression && mapsExactly(yaml, expression.node), `${style}\n${yaml}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('SECL in a whole policy file', () => {
  const file = [
    'version: 1.0.0',
    'macros:',
    '  - id: DOWNLOADERS',
    '    values: [curl, wget]',
    '  - id: from_tmp',
    '    expression: exec.file.path =~ "/tmp/**"',
    'rules:',
    '  - id: plain',
    '    expression: exec.file.name in DOWNLOADERS && from_tmp && process.file.pth == "/bin/sh"',
    '  - id: quoted',
    '    expression: "open.flags & O_CRAET > 0 && open.file.path == \\"/etc/shadow\\""',
    '  - id: block',
    '    expression: |-',
    '      exec.file.name == "nc"',
    '      && exec.args =~ "*-e*" && process.uid = 0',
    '',
  ].join('\n');

  it('reports SECL errors at the characters the author typed, in every scalar style', () => {
    const found = policy.diagnose(file, {}).map((d) => [d.code, file.slice(d.range.start, d.range.end)]);
    expect(found).toEqual([
      ['unknown-field', 'process.file.pth'],
      ['unknown-macro', 'O_CRAET'],
      ['syntax', '='],
    ]);
  });

  it('knows the macros and lists the file defines', () => {
    const plain = file.indexOf('DOWNLOADERS &&') + 3;
    expect(policy.hover(file, plain, {})?.markdown).toContain('"curl", "wget"');
    const items = policy.complete(file, at(file, 'from_tmp &&', 4), {});
    expect(items.find((item) => item.label === 'from_tmp')?.range).toEqual({ start: at(file, 'from_tmp &&'), end: at(file, 'from_tmp &&', 8) });
  });

  it('applies quick fixes inside quoted and block scalars', () => {
    let text = file;
    for (const code of ['unknown-field', 'unknown-macro', 'syntax']) {
      const diagnostic = policy.diagnose(text, {}).find((d) => d.code === code);
      expect(diagnostic, code).toBeDefined();
      const fix = policy.quickFixes(text, diagnostic!, {}).find((f) => f.preferred);
      text = apply(text, fix!.edits);
    }
    expect(policy.diagnose(text, {})).toEqual([]);
    expect(text).toContain('process.file.path == "/bin/sh"');
    expect(text).toContain('"open.flags & O_CREAT > 0');
    expect(text).toContain('process.uid == 0');
  });

  it('completes at an empty expression, adding the space YAML needs', () => {
    const text = 'rules:\n  - id: new\n    expression:';
    const items = policy.complete(text, text.length, {});
    const field = items.find((item) => item.label === 'exec.file.name');
    expect(field?.insertText).toBe(' exec.file.name');
    expect(policy.diagnose(text, {}).map((d) => d.message)).toEqual(['the rule has no expression']);
  });

  it('reports YAML errors as YAML errors', () => {
    const found = policy.diagnose('rules:\n  - id: a\n    expression: "unterminated\n', {});
    expect(found.some((d) => d.code === 'yaml')).toBe(true);
  });

  it('formats every expression in its own style, keeping the file valid, the meaning and idempotence', () => {
    const fixedFile = file.replace('process.file.pth', 'process.file.path').replace('O_CRAET', 'O_CREAT').replace('process.uid = 0', 'process.uid == 0');
    const once = apply(fixedFile, policy.format(fixedFile, {}, { maxLineLength: 60 }));
    expect(policy.format(once, {}, { maxLineLength: 60 })).toEqual([]);
    expect(policy.diagnose(once, {})).toEqual([]);
    expect(once).toContain('    expression: |-\n      exec.file.name in DOWNLOADERS\n      && from_tmp\n      && process.file.path == "/bin/sh"\n');
    const before = parsePolicy(fixedFile).expressions.map((e) => e.text.replace(/\s+/g, ''));
    const after = parsePolicy(once).expressions.map((e) => e.text.replace(/\s+/g, ''));
    expect(after).toEqual(before);
  });

  it('formats the bundled pack without changing a rule', () => {
    for (const { name, text } of realPolicyFiles().filter((f) => !f.name.startsWith('datadog'))) {
      const once = apply(text, policy.format(text, {}, {}));
      expect(policy.format(once, {}, {}), name).toEqual([]);
      const squash = (t: string) => parsePolicy(t).expressions.map((e) => e.text.replace(/\s+/g, ''));
      expect(squash(once), name).toEqual(squash(text));
    }
  });
});
