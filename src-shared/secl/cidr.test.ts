import { describe, expect, it } from 'vitest';
import { cidrContains, isPublicIp, parseCidr, parseIp } from './cidr.ts';
import { errorsOf, evaluate, event } from './testing.ts';

const connect = (ip: string, family = 'AF_INET') => event('connect', { addr: { ip, port: 443, family } });

describe('IP addresses and CIDR ranges', () => {
  it('parse IPv4 and IPv6, refusing malformed text', () => {
    expect(parseIp('10.1.2.3')?.slice(10)).toEqual(new Uint8Array([0xff, 0xff, 10, 1, 2, 3]));
    expect(parseIp('::1')?.[15]).toBe(1);
    expect(parseIp('2001:db8::1')?.slice(0, 4)).toEqual(new Uint8Array([0x20, 0x01, 0x0d, 0xb8]));
    for (const bad of ['256.1.1.1', '1.2.3', '1::2::3', 'fe80', '::g']) expect(parseIp(bad)).toBeNull();
    expect(parseCidr('10.0.0.0/33')).toBeNull();
  });

  it('test membership across both families', () => {
    const range = parseCidr('10.0.0.0/8');
    expect(range && cidrContains(range, parseIp('10.200.3.4') as Uint8Array)).toBe(true);
    expect(range && cidrContains(range, parseIp('11.0.0.1') as Uint8Array)).toBe(false);
    expect(range && cidrContains(range, parseIp('::ffff:10.0.0.1') as Uint8Array)).toBe(true);
    const v6 = parseCidr('fd00::/8');
    expect(v6 && cidrContains(v6, parseIp('fd12::1') as Uint8Array)).toBe(true);
  });

  it('tell public addresses from private, loopback, link-local and multicast ones', () => {
    expect(['8.8.8.8', '2606:4700::1111'].map(isPublicIp)).toEqual([true, true]);
    expect(['10.0.0.1', '172.16.5.4', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:192.168.0.1'].map(isPublicIp)).toEqual(
      new Array(11).fill(false),
    );
  });
});

describe('IP operators in rules', () => {
  it('compare an address with an address or a range', () => {
    expect(evaluate('connect.addr.ip == 10.0.0.1', connect('10.0.0.1'))).toBe(true);
    expect(evaluate('connect.addr.ip == 10.0.0.0/8', connect('10.9.9.9'))).toBe(true);
    expect(evaluate('connect.addr.ip != 10.0.0.0/8', connect('10.9.9.9'))).toBe(false);
    expect(evaluate('connect.addr.ip in 169.254.0.0/16', connect('169.254.169.254'))).toBe(true);
  });

  it('look an address up in a list of addresses and ranges of both families', () => {
    const rule = 'connect.addr.ip in [127.0.0.0/8, ::1, fd00::/8, 192.168.1.10]';
    expect(['127.0.0.53', '::1', 'fd00::7', '192.168.1.10', '192.168.1.11', '8.8.8.8'].map((ip) => evaluate(rule, connect(ip)))).toEqual([true, true, true, true, false, false]);
    expect(evaluate('connect.addr.ip not in [10.0.0.0/8, 172.16.0.0/12]', connect('8.8.8.8'))).toBe(true);
  });

  it('derive is_public when the event lacks it, and read the sensor’s value when present', () => {
    expect(evaluate('connect.addr.is_public', connect('8.8.8.8'))).toBe(true);
    expect(evaluate('connect.addr.is_public == false', connect('10.1.1.1'))).toBe(true);
    expect(evaluate('connect.addr.is_public', event('connect', { addr: { ip: '10.1.1.1', is_public: true } }))).toBe(true);
  });

  it('reject a malformed range and a string where an address belongs', () => {
    expect(errorsOf('connect.addr.ip in [10.0.0.0/40]')).toEqual(['10.0.0.0/40 is not a valid CIDR range at 1:21']);
    expect(errorsOf('connect.addr.ip == "x"')[0]).toMatch(/cannot compare connect.addr.ip \(an IP address\) with "x" \(a string\)/);
  });
});
