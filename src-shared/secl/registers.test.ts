import { describe, expect, it } from 'vitest';
import { errorsOf, evaluate, event, processContext } from './testing.ts';

// A shell whose ancestors are: git clone --recursive (parent), then a login shell.
const gitParent = processContext({ pid: 20, comm: 'git', file: { path: '/usr/bin/git', name: 'git' }, argv: ['clone', '--recursive', 'url'] });
const loginShell = processContext({ pid: 10, comm: 'bash', file: { path: '/usr/bin/bash', name: 'bash' }, argv: ['--login'] });
const shell = event('exec', { file: { path: '/usr/bin/sh', name: 'sh' } }, { comm: 'sh', parent: gitParent, ancestors: [gitParent, loginShell] });

describe('process.ancestors and registers', () => {
  it('check any ancestor without a register', () => {
    expect(evaluate('exec.file.name == "sh" && process.ancestors.comm == "bash"', shell)).toBe(true);
    expect(evaluate('exec.file.name == "sh" && process.ancestors.file.path == "/usr/bin/git"', shell)).toBe(true);
    expect(evaluate('exec.file.name == "sh" && process.ancestors.comm != "bash"', shell)).toBe(false);
    expect(evaluate('exec.file.name == "sh" && process.ancestors.argv in ["--login"]', shell)).toBe(true);
  });

  it('bind every condition on [A] to the same ancestor', () => {
    const sameAncestor = 'exec.file.name == "sh" && process.ancestors[A].comm == "git" && process.ancestors[A].argv in ["clone"] && process.ancestors[A].args_flags in ["recursive"]';
    expect(evaluate(sameAncestor, shell)).toBe(true);
    // git is one ancestor and --login another: no single ancestor has both.
    expect(evaluate('exec.file.name == "sh" && process.ancestors[A].comm == "git" && process.ancestors[A].argv in ["--login"]', shell)).toBe(false);
    // Without a register each condition may pick a different ancestor.
    expect(evaluate('exec.file.name == "sh" && process.ancestors.comm == "git" && process.ancestors.argv in ["--login"]', shell)).toBe(true);
  });

  it('read the parent from process.parent, or from the first ancestor', () => {
    expect(evaluate('exec.file.name == "sh" && process.parent.comm == "git"', shell)).toBe(true);
    const onlyAncestors = event('exec', { file: { path: '/usr/bin/sh' } }, { ancestors: [loginShell] });
    expect(evaluate('exec.file.name == "sh" && process.parent.pid == 10', onlyAncestors)).toBe(true);
    const onlyParent = event('exec', { file: { path: '/usr/bin/sh' } }, { parent: gitParent });
    expect(evaluate('exec.file.name == "sh" && process.ancestors.comm == "git"', onlyParent)).toBe(true);
  });

  it('never match when there are no ancestors', () => {
    const orphan = event('exec', { file: { path: '/usr/bin/sh' } });
    expect(evaluate('exec.file.name == "sh" && process.ancestors[A].comm != "git"', orphan)).toBe(false);
    expect(evaluate('exec.file.name == "sh" && process.ancestors.comm not in ["git"]', orphan)).toBe(true);
  });

  it('accept registers only on process.ancestors', () => {
    expect(errorsOf('exec.file.name == "sh" && process.parent[A].comm == "x"')).toEqual(['only process.ancestors can take a register like [A], not process.parent at 1:27']);
  });
});
