// Malformed input: every problem names its file and line, and never stops the rules beside it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSigma, importSigmaTexts } from './import.ts';

const good = `title: Curl
id: 0b5a8a8d-3a3f-4b6c-9c55-7d9e4a3f0c11
author: Someone
logsource:
  product: linux
  category: process_creation
detection:
  sel:
    Image|endswith: /curl
  condition: sel
level: low
`;

describe('malformed Sigma files', () => {
  it('invalid YAML: the file and the line, and the other files still import', () => {
    const result = importSigmaTexts({
      'a.yml': good,
      'broken.yml': 'title: x\ndetection:\n  sel:\n    Image: [a, b\n  condition: sel\n',
    });
    expect(result.counts).toEqual({ translated: 1, untranslatable: 0, errors: 1 });
    const error = result.entries.find((entry) => entry.kind === 'error');
    expect(error).toMatchObject({ file: 'broken.yml', place: { line: 5 }, key: 'invalid YAML' });
    expect(error?.reason).toMatch(/^not valid YAML: /);
  });

  it('a rule without what Sigma requires: the missing key and where', () => {
    const result = importSigmaTexts({ 'no-condition.yml': 'title: x\nlogsource:\n  product: linux\ndetection:\n  sel:\n    Image: /x\n' });
    expect(result.entries[0]).toMatchObject({ kind: 'error', place: { line: 4, column: 1 }, key: 'malformed rule' }); // the detection that lacks it
    expect(result.entries[0]?.reason).toMatch(/^not a valid Sigma rule: detection\.condition: /);
    const badLevel = importSigmaTexts({ 'level.yml': good.replace('level: low', 'level: severe') });
    expect(badLevel.entries[0]).toMatchObject({ kind: 'error', place: { line: 11, column: 1 } });
  });

  it('a condition naming an identifier the rule lacks, an unknown modifier, a bad value: errors at their line', () => {
    const result = importSigmaTexts({
      'cond.yml': good.replace('condition: sel', 'condition: sel and not filter'),
      'modifier.yml': good.replace('Image|endswith', 'Image|endwith').replace('0b5a8a8d', '2b5a8a8d'),
      'value.yml': good.replace('Image|endswith: /curl', 'Image|endswith:\n      a: b').replace('0b5a8a8d', '3b5a8a8d'),
    });
    expect(result.entries.map((entry) => [entry.file, entry.kind, entry.place?.line, entry.reason])).toEqual([
      ['cond.yml', 'error', 10, expect.stringMatching(/no search identifier named 'filter'/)],
      ['modifier.yml', 'error', 9, "Image|endwith: unknown modifier 'endwith'"],
      ['value.yml', 'error', 9, 'Image|endswith: expected a value or a non-empty list of values'],
    ]);
  });

  it('several documents in one file: each on its own; correlation rules are named, not errors', () => {
    const result = importSigmaTexts({ 'multi.yml': `${good}---\ntitle: Many curls\ncorrelation:\n  type: event_count\n  rules: [x]\n---\n${good.replace('0b5a8a8d', '1b5a8a8d')}` });
    expect(result.entries.map((entry) => [entry.kind, entry.place?.line, entry.key])).toEqual([
      ['untranslatable', 13, 'a Sigma correlation rule'],
      ['translated', 1, 'process_creation'],
      ['translated', 18, 'process_creation'],
    ]);
  });

  it('unreadable paths and duplicate ids are errors; a folder is searched for .yml and .yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-sigma-'));
    writeFileSync(join(dir, 'one.yml'), good);
    writeFileSync(join(dir, 'two.yaml'), good);
    writeFileSync(join(dir, 'notes.txt'), 'not a rule');
    const result = importSigma([dir, join(dir, 'missing')]);
    expect(result.entries.map((entry) => [entry.kind, entry.key])).toEqual([
      ['translated', 'process_creation'],
      ['error', 'duplicate Sigma id'],
      ['error', 'unreadable input'],
    ]);
    expect(result.entries[2]?.reason).toBe(`cannot read ${join(dir, 'missing')}: no such file or folder`);
  });
});
