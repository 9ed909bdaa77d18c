import { describe, expect, it } from 'vitest';
import { jsonWithVisibleEscapes, visibleString, visibleText } from './visible-text.ts';

describe('attacker-controlled text made visible', () => {
  it('shows a right-to-left override instead of letting it reverse a file name', () => {
    expect(visibleText('/tmp/invoice\u202Etxt.exe')).toEqual([
      { text: '/tmp/invoice', escaped: false },
      { text: '\\u202e', escaped: true },
      { text: 'txt.exe', escaped: false },
    ]);
  });

  it('shows line breaks, tabs, escape sequences and zero-width characters as escapes', () => {
    expect(visibleString('echo ok\r\nrm -rf /\t\u001b[2J\u200bx')).toBe('echo ok\\r\\nrm -rf /\\t\\u001b[2J\\u200bx');
  });

  it('leaves ordinary text, markup and non-Latin scripts alone', () => {
    const text = '<script>alert(1)</script> /home/élodie/документы 日本';
    expect(visibleText(text)).toEqual([{ text, escaped: false }]);
    expect(visibleText('')).toEqual([{ text: '', escaped: false }]);
  });
});

describe('raw JSON made visible', () => {
  it('escapes what JSON.stringify leaves raw, and still parses to the same value', () => {
    const value = { path: '/tmp/a\u202Etxt.exe', argv: ['x\u200by', 'ok\u0085'], n: 1 };
    const json = JSON.stringify(value, null, 2);
    const shown = jsonWithVisibleEscapes(json);
    expect(shown).toContain('"/tmp/a\\u202etxt.exe"');
    expect(shown).toContain('"x\\u200by"');
    expect(shown).toContain('"ok\\u0085"');
    expect(shown).not.toMatch(/[\u0085\u200b\u202e]/u);
    expect(JSON.parse(shown)).toEqual(value);
  });
});
