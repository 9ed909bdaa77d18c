import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, compilePattern, globRegex } from './glob.ts';
import { evaluate, event } from './testing.ts';

describe('path globs (patterns on path fields)', () => {
  const glob = (pattern: string, path: string): boolean => compileGlob(pattern)(path);

  it('keep * inside one directory', () => {
    expect(glob('/etc/*', '/etc/passwd')).toBe(true);
    expect(glob('/etc/*', '/etc/ssh/sshd_config')).toBe(false);
    expect(glob('/etc/*', '/etc')).toBe(false);
    expect(glob('/var/*/httpd', '/var/log/httpd')).toBe(true);
    expect(glob('/var/*o*/nginx', '/var/log/nginx')).toBe(true);
    expect(glob('/tmp/test/test789*', '/tmp/test/test7890')).toBe(true);
    expect(glob('/tmp/test/*st*', '/tmp/test')).toBe(false);
  });

  it('let ** cross directories, at the end needing at least one more segment', () => {
    expect(glob('/etc/**', '/etc/ssh/sshd_config')).toBe(true);
    expect(glob('/etc/**', '/etc/passwd')).toBe(true);
    expect(glob('/etc/**', '/etc')).toBe(false);
    expect(glob('/var/run/secrets/kubernetes.io/serviceaccount/**/token', '/var/run/secrets/kubernetes.io/serviceaccount/..2024_01_01/token')).toBe(true);
    expect(glob('/var/run/secrets/kubernetes.io/serviceaccount/**/token', '/var/run/secrets/kubernetes.io/serviceaccount/token')).toBe(true);
    expect(glob('/var/run/secrets/kubernetes.io/serviceaccount/**/token', '/var/run/secrets/kubernetes.io/serviceaccount/tokens')).toBe(false);
    expect(glob('**', '/tmp/test/ast')).toBe(true);
  });

  it('match a leading * segment against the first directory, as Datadog does', () => {
    expect(glob('*/abc/*', '/1/abc/2')).toBe(true);
    expect(glob('*', '/tmp/test/ast')).toBe(false);
    expect(glob('*/*/httpd', '/var/log/httpd')).toBe(true);
  });

  it('treat everything but * literally and never match an empty path', () => {
    expect(glob('/etc/ld.so.*', '/etc/ldXso.preload')).toBe(false);
    expect(glob('/etc/ld.so.*', '/etc/ld.so.preload')).toBe(true);
    expect(glob('/a/(b)?[c]', '/a/(b)?[c]')).toBe(true);
    expect(glob('/*', '')).toBe(false);
  });
});

/** A slow, obviously-correct reading of the same glob rules, segment by segment. */
function referenceGlob(pattern: string, path: string): boolean {
  if (path === '') return false;
  if (!pattern.includes('*')) return pattern === path;
  const patternSegments = pattern.split('/');
  const pathSegments = (patternSegments[0] === '*' && path.startsWith('/') ? path.slice(1) : path).split('/');
  const segmentMatches = (glob: string, segment: string): boolean => new RegExp(`^${glob.split(/\*+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`).test(segment);
  const match = (p: number, f: number): boolean => {
    if (p === patternSegments.length) return f === pathSegments.length;
    const glob = patternSegments[p] as string;
    if (glob === '**') {
      if (p === patternSegments.length - 1) return f < pathSegments.length && pathSegments.slice(f).join('/') !== '';
      for (let skip = f; skip <= pathSegments.length; skip++) if (match(p + 1, skip)) return true;
      return false;
    }
    return f < pathSegments.length && segmentMatches(glob, pathSegments[f] as string) && match(p + 1, f + 1);
  };
  return match(0, 0);
}

describe('path globs against a reference reading', () => {
  const path = fc.array(fc.constantFrom('a', 'b', '/', 'ab'), { maxLength: 8 }).map((parts) => parts.join(''));

  it('agree on any pattern and path over a small alphabet', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', '*', '/', '**', '/**/'), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(pattern, path, (p, f) => {
        expect(compileGlob(p)(f)).toBe(referenceGlob(p, f));
      }),
      { numRuns: 3000 },
    );
  });

  it('agree on the shapes read as string tests (/a/*, /a/**, a*, *a, *a*), with paths that share their text', () => {
    const literal = fc.array(fc.constantFrom('a', 'b', '/', '.'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const stars = fc.constantFrom('*', '**', '***');
    const pattern = fc.oneof(
      fc.tuple(literal, stars).map(([l, s]) => l + s),
      fc.tuple(literal, stars).map(([l, s]) => `${l}/${s}`),
      fc.tuple(stars, literal).map(([s, l]) => s + l),
      fc.tuple(stars, literal, stars).map(([s, l, t]) => s + l + t),
    );
    fc.assert(
      fc.property(pattern, path, fc.constantFrom('', '/', 'a'), (p, f, around) => {
        for (const candidate of [f, p.replace(/\*+/g, f), around + p.replace(/\*+/g, '') + around]) {
          expect(compileGlob(p)(candidate)).toBe(referenceGlob(p, candidate));
          expect(compileGlob(p)(candidate)).toBe(globRegex(p)(candidate));
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('simple patterns (patterns on other strings)', () => {
  it('let * match anything, slashes included', () => {
    expect(compilePattern('*id_rsa*')('/home/alice/.ssh/id_rsa')).toBe(true);
    expect(compilePattern('python3*')('python3.11')).toBe(true);
    expect(compilePattern('python3*')('python2.7')).toBe(false);
    expect(compilePattern('* -m pip install *')('x -m pip install requests')).toBe(true);
    expect(compilePattern('abc')('abc')).toBe(true);
    expect(compilePattern('a.c')('abc')).toBe(false);
  });
});

describe('simple patterns against their regex', () => {
  it('agree on the shapes read as string tests (a*, *a, a*b, *a*) and any other', () => {
    const piece = fc.constantFrom('a', 'b', '/', '.', '*', '**');
    const pattern = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    const text = fc.array(fc.constantFrom('a', 'b', '/', '.', 'ab'), { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        const regex = new RegExp(`^${p.split(/\*+/).map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('[\\s\\S]*')}$`);
        for (const candidate of [t, p.replace(/\*+/g, t), p.replace(/\*+/g, '')]) expect(compilePattern(p)(candidate)).toBe(regex.test(candidate));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('pattern operators in rules', () => {
  const open = (path: string) => event('open', { file: { path }, flags: 0 }, { argv: ['-c', 'cat /etc/shadow'] });

  it('apply globs to path fields, with ~"…", =~ and in', () => {
    expect(evaluate('open.file.path == ~"/etc/*"', open('/etc/shadow'))).toBe(true);
    expect(evaluate('open.file.path == ~"/etc/*"', open('/etc/ssh/key'))).toBe(false);
    expect(evaluate('open.file.path =~ "/etc/**"', open('/etc/ssh/key'))).toBe(true);
    expect(evaluate('open.file.path in [~"/etc/*", "/root/.bashrc"]', open('/root/.bashrc'))).toBe(true);
    expect(evaluate('open.file.path != ~"/etc/*"', open('/etc/shadow'))).toBe(false);
    expect(evaluate('open.file.path !~ "/etc/*"', open('/tmp/x'))).toBe(true);
  });

  it('apply simple patterns to other strings', () => {
    expect(evaluate('open.file.name =~ "sha*"', open('/etc/shadow'))).toBe(true);
    expect(evaluate('process.args =~ "*/etc/*" && open.flags == 0', open('/tmp/x'))).toBe(true);
    expect(evaluate('process.argv in [~"*shadow*"] && open.file.path != ""', open('/tmp/x'))).toBe(true);
  });

  it('compare plain strings exactly with ==', () => {
    expect(evaluate('open.file.path == "/etc/*"', open('/etc/shadow'))).toBe(false);
    expect(evaluate('open.file.path == "/etc/*"', open('/etc/*'))).toBe(true);
  });
});
