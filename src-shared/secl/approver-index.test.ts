// The index learns which of a rule's approvers select on the events it meets: an option that lets most
// events through (a build writing thousands of files under /tmp) is set aside for the rule's next one. The
// matches must be those of evaluating every rule, before, during and after the index changes its mind.
import { describe, expect, it } from 'vitest';
import { ApproverIndex } from './approver-index.ts';
import type { Json } from './accessors.ts';
import { compileRule, type CompiledRule } from './rule.ts';
import { event } from './testing.ts';

function rule(id: string, expression: string): CompiledRule {
  const outcome = compileRule({ id, expression });
  if (!outcome.ok) throw new Error(outcome.errors[0]?.message);
  return outcome.rule;
}

/** The field each rule is indexed by now, or null. */
function fieldsInUse(index: ApproverIndex<CompiledRule>): (string | null)[] {
  return index.approversInUse().map((approvers) => (approvers === null ? null : [...new Set(approvers.map((approver) => approver.field.name))].join(',')));
}

function everyRule(rules: readonly CompiledRule[], candidate: Json): string[] {
  return rules.filter((r) => r.matches(candidate)).map((r) => r.id);
}

const build = (path: string, comm: string, ancestor = 'bash') =>
  event('open', { file: { path }, flags: 577, mode: 0o644 }, { comm, file: { path: `/usr/bin/${comm}`, name: comm }, ancestors: [{ pid: 10, comm: ancestor, file: { path: `/usr/bin/${ancestor}`, name: ancestor } }] });

describe('the rule index, learning from the events', () => {
  const rules = [
    // Two ways to approve: a literal of the path (cheap to read) or the ancestors' names (costly).
    rule('compiled_in_tmp', 'open.file.path =~ "/tmp/**" && open.file.name =~ "*.ko" && process.ancestors.comm in ["gcc", "cc1"]'),
    // Its only way: it keeps it, however often it is approved for nothing.
    rule('tmp_only', 'open.file.path =~ "/tmp/**" && open.flags != 0 && open.file.path != "/tmp/storm/f1"'),
    // Two bit tests: O_CREAT is on almost every write, S_ISUID almost never.
    rule('setuid_created', 'open.file.destination.mode & S_ISUID > 0 && open.flags & O_CREAT > 0'),
    // Approved and matching on most events: not approved for nothing, so never set aside.
    rule('any_tmp_write', 'open.file.path =~ "/tmp/**" && open.flags & O_CREAT > 0'),
  ];

  it('sets aside an option that approves a rule for most events without a match, and finds the same matches throughout', () => {
    const index = new ApproverIndex(rules);
    expect(fieldsInUse(index)).toEqual(['open.file.path', 'open.file.path', 'open.flags', 'open.file.path']);
    const storm = Array.from({ length: 10_000 }, (_, i) => build(`/tmp/storm/f${i}`, 'touch'));
    const rare = [build('/tmp/mod/evil.ko', 'insmod', 'gcc'), build('/tmp/storm/f1', 'cp'), event('open', { file: { path: '/tmp/suid', destination: { mode: 0o4755 } }, flags: 577 })];
    let matched = 0;
    storm.forEach((candidate, i) => {
      const events = i % 1000 === 0 ? [candidate, ...rare] : [candidate];
      for (const one of events) {
        const found = index.match(one).map((r) => r.id);
        expect(found).toEqual(everyRule(rules, one));
        matched += found.length;
      }
    });
    expect(matched).toBeGreaterThan(10_000);
    // The flood moved the first rule to its ancestors and the bit test to the rare bit; the others stay.
    expect(fieldsInUse(index)).toEqual(['process.ancestors.comm', 'open.file.path', 'open.file.destination.mode', 'open.file.path']);
  });

  it('tries the options it set aside again after a long while, since workloads change', () => {
    const index = new ApproverIndex(rules);
    for (let i = 0; i < 4096; i++) index.match(build(`/tmp/f${i}`, 'touch'));
    expect(fieldsInUse(index)[0]).toBe('process.ancestors.comm');
    for (let i = 0; i < 4096 * 256; i++) index.match(build('/srv/app.log', 'app'));
    expect(fieldsInUse(index)[0]).toBe('open.file.path');
  });

  it('keeps matching once its 32-bit evaluation stamps wrap', () => {
    const index = new ApproverIndex(rules);
    (index as unknown as { evaluation: number }).evaluation = 0x7fffffff - 2;
    for (let i = 0; i < 6; i++) expect(index.match(build('/tmp/x.so', 'cp')).map((r) => r.id)).toEqual(['tmp_only', 'any_tmp_write']);
    expect(index.match(build('/srv/x.so', 'cp'))).toEqual([]);
  });
});

describe('the rule index, on events that share their ancestors', () => {
  const rules = [rule('under_gcc', 'process.ancestors.comm == "gcc" && open.file.path != ""'), rule('under_make', 'process.ancestors.comm in ["make"] && open.file.path != ""')];
  const lineage = (...comms: string[]) => Object.freeze(comms.map((comm, i) => ({ pid: 100 + i, comm, file: { path: `/usr/bin/${comm}`, name: comm } })));
  const opening = (ancestors: readonly Json[]) => event('open', { file: { path: '/tmp/a.o' }, flags: 1 }, { comm: 'as', ancestors });

  it('approves by a shared list as it did the first time, and by a new list afresh', () => {
    const index = new ApproverIndex(rules);
    const underGcc = lineage('gcc', 'make', 'bash');
    const underBash = lineage('bash', 'sshd');
    const sequence = [underGcc, underGcc, underBash, underBash, underGcc, lineage('make'), underGcc];
    expect(sequence.map((ancestors) => index.match(opening(ancestors)).map((r) => r.id))).toEqual([['under_gcc', 'under_make'], ['under_gcc', 'under_make'], [], [], ['under_gcc', 'under_make'], ['under_make'], ['under_gcc', 'under_make']]);
  });
});
