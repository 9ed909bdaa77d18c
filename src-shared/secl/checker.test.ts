import { describe, expect, it } from 'vitest';
import { checkRule } from './checker.ts';
import { defineMacros } from './macros.ts';
import { parseSecl } from './parser.ts';
import { errorsOf } from './testing.ts';

function check(source: string, options: Parameters<typeof checkRule>[1] = {}) {
  const parsed = parseSecl(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return checkRule(parsed.ast, options);
}

describe('the type checker', () => {
  it('infers the event type from the event-type prefix of the fields', () => {
    expect(check('exec.file.path == "/bin/sh" && process.uid == 0').eventType).toBe('exec');
    expect(check('open.flags & O_CREAT > 0 && process.parent.comm == "x"').eventType).toBe('open');
    expect(check('connect.addr.port == 22').eventType).toBe('connect');
    const macros = defineMacros([{ id: 'is_shadow', expression: 'open.file.path == "/etc/shadow"' }]);
    expect(check('is_shadow', { macros }).eventType).toBe('open');
  });

  it('refuses a rule that mixes event types', () => {
    expect(errorsOf('exec.file.path == "/bin/sh" && open.file.path == "/etc/shadow"')).toEqual([
      'the rule mixes fields of exec (at 1:1) and open (at 1:32): a rule applies to one event type at 1:32',
    ]);
  });

  it('refuses a rule with no event type, unless asked to apply it to every event', () => {
    expect(errorsOf('process.uid == 0')).toEqual(['the rule names no event-specific field (such as exec.file.path or open.file.path), so it has no event type at 1:1']);
    expect(check('process.uid == 0', { allowAnyEventType: true }).eventType).toBe('*');
  });

  it('checks fields against a given event type', () => {
    expect(check('process.uid == 0', { eventType: 'open' }).eventType).toBe('open');
    expect(check('exec.file.path == "x"', { eventType: 'open' }).errors.map((error) => error.message)).toEqual(['exec.file.path is not available on open events at 1:1']);
  });

  it('suggests the field the author probably meant', () => {
    expect(errorsOf('exec.file.pth == "/bin/sh"')).toEqual(['unknown field exec.file.pth: did you mean exec.file.path? at 1:1']);
    expect(errorsOf('proces.uid == 0 && exec.file.path == ""')).toEqual(['unknown field proces.uid: did you mean process.uid? at 1:1']);
  });

  it('tells a Datadog field or event type we do not provide from a misspelling', () => {
    expect(errorsOf('dns.question.name == "x"')[0]).toBe("dns.question.name belongs to the Datadog event type 'dns', which the workbench sensor does not produce at 1:1");
    expect(errorsOf('exec.envs in ["LD_PRELOAD"]')[0]).toBe('exec.envs is a Datadog field the workbench sensor does not provide at 1:1');
  });

  it('checks operand types, at the operator', () => {
    expect(errorsOf('process.uid == "root" && exec.file.path == ""')).toEqual(['cannot compare process.uid (an integer) with "root" (a string) at 1:13']);
    expect(errorsOf('exec.file.path > 3')).toEqual(["'>' orders integers (or timestamps against durations), not exec.file.path (a string) and 3 (an integer) at 1:16"]);
    expect(errorsOf('exec.file.path & 1 > 0')).toEqual(["'&' needs integers on both sides, not a string at 1:16"]);
    expect(errorsOf('process.uid =~ "0*" && exec.file.path == ""')).toEqual(["'=~' matches strings, and process.uid (an integer) is not one at 1:13"]);
    expect(errorsOf('exec.file.path')).toEqual(['expected a condition, but this is a string: compare it, e.g. with == or in at 1:1']);
    expect(errorsOf('!exec.file.path == "x"')).toEqual(['expected a condition, but this is a string: compare it, e.g. with == or in at 1:2']);
  });

  it('accepts boolean fields as conditions', () => {
    expect(errorsOf('connect.addr.is_public && !process.args_truncated')).toEqual([]);
  });

  it('lists the fields, registers and variables a rule reads', () => {
    const result = check('exec.file.name == "sh" && process.ancestors[A].comm == "git" && process.pid != ${process.pid}');
    expect(result.fields).toEqual(['exec.file.name', 'process.ancestors.comm', 'process.pid']);
    expect(result.registers).toEqual(['A']);
    expect(result.variables).toEqual(['process.pid']);
  });
});
