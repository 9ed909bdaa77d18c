import { describe, expect, it } from 'vitest';
import { parseSshConfig } from './ssh-config.ts';

describe('importing hosts from ~/.ssh/config', () => {
  it('applies Host * defaults and keeps the first value of each setting, as ssh does', () => {
    const hosts = parseSshConfig(
      `
# suspects
Host web-01
  HostName 10.0.2.20
  User admin
  IdentityFile ~/.ssh/ir_ed25519

Host db-01 db-01.internal
  HostName 10.0.2.21
  Port 2222
  ProxyJump web-01

Host *.example *
  User responder
  IdentityFile ~/.ssh/default_key
`,
      'me',
    );
    expect(hosts.map((h) => h.alias)).toEqual(['web-01', 'db-01', 'db-01.internal']);
    expect(hosts[0]).toMatchObject({ alias: 'web-01', address: '10.0.2.20', port: 22, user: 'admin', proxyJump: '' });
    expect(hosts[0]!.identityFile).toMatch(/\/\.ssh\/ir_ed25519$/);
    expect(hosts[0]!.identityFile.startsWith('~')).toBe(false);
    expect(hosts[1]).toMatchObject({ alias: 'db-01', address: '10.0.2.21', port: 2222, user: 'responder', proxyJump: 'web-01' });
    expect(hosts[1]!.identityFile).toMatch(/default_key$/);
  });

  it('uses the alias as the address and the local user when the config says nothing', () => {
    expect(parseSshConfig('Host bastion\n', 'alice')).toEqual([{ alias: 'bastion', address: 'bastion', port: 22, user: 'alice', identityFile: '', proxyJump: '' }]);
  });
});
