import { describe, expect, it } from 'vitest';
import { defineMacros } from './macros.ts';
import { compileRule, type CompiledRule } from './rule.ts';
import { RuleSet } from './ruleset.ts';
import { event } from './testing.ts';

function rule(id: string, expression: string): CompiledRule {
  const outcome = compileRule({ id, expression }, { macros: defineMacros([{ id: 'SHELLS', expression: '["bash", "sh", "dash", "zsh"]' }]) });
  if (!outcome.ok) throw new Error(outcome.errors[0]?.message);
  return outcome.rule;
}

describe('a rule set', () => {
  const rules = new RuleSet([
    rule('shell', 'exec.file.name in SHELLS'),
    rule('shadow', 'open.file.path == "/etc/shadow"'),
    rule('shadow_write', 'open.file.path == "/etc/shadow" && open.flags & (O_WRONLY|O_RDWR) > 0'),
    rule('ssh_out', 'connect.addr.port == 22 && connect.addr.is_public'),
  ]);

  it('indexes rules by event type, so an event meets only the rules of its type', () => {
    expect(rules.size).toBe(4);
    expect(rules.rulesFor('open').map((r) => r.id)).toEqual(['shadow', 'shadow_write']);
    expect(rules.rulesFor('exec').map((r) => r.id)).toEqual(['shell']);
    expect(rules.rulesFor('dns')).toEqual([]);
  });

  it('returns the rules that match an event', () => {
    expect(rules.match(event('open', { file: { path: '/etc/shadow' }, flags: 2 })).map((r) => r.id)).toEqual(['shadow', 'shadow_write']);
    expect(rules.match(event('open', { file: { path: '/etc/shadow' }, flags: 0 })).map((r) => r.id)).toEqual(['shadow']);
    expect(rules.match(event('exec', { file: { path: '/bin/zsh', name: 'zsh' } })).map((r) => r.id)).toEqual(['shell']);
    expect(rules.match(event('connect', { addr: { ip: '10.0.0.1', port: 22 } }))).toEqual([]);
    expect(rules.match({ type: 42 })).toEqual([]);
  });

  it('applies any-event rules to every event', () => {
    const outcome = compileRule({ id: 'root', expression: 'process.uid == 0' }, { allowAnyEventType: true });
    if (!outcome.ok) throw new Error('should compile');
    const all = new RuleSet([outcome.rule]);
    expect(all.match(event('open', {}, { uid: 0 })).map((r) => r.id)).toEqual(['root']);
    expect(all.match(event('exec', {}, { uid: 1 }))).toEqual([]);
  });

  it('evaluates compiled closures without re-parsing: a hundred thousand events stay cheap', () => {
    // No timing assertion (machines differ): this documents the hot path and catches accidental
    // per-event work such as re-compiling globs, which would make this test crawl.
    const heavy = rule('heavy', 'open.file.path in [~"/etc/**", ~"/root/.ssh/*", ~"/home/*/.ssh/*", r"\\.pem$"] && process.ancestors.file.name not in SHELLS');
    const e = event('open', { file: { path: '/home/alice/.ssh/authorized_keys' }, flags: 1 }, { ancestors: [{ file: { name: 'sshd' } }, { file: { name: 'systemd' } }] });
    let matched = 0;
    for (let i = 0; i < 100_000; i++) if (heavy.matches(e)) matched++;
    expect(matched).toBe(100_000);
  });
});
