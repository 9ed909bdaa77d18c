// IP addresses and CIDR ranges, as 16-byte arrays (IPv4 as ::ffff:a.b.c.d) so one comparison serves both
// families and `connect.addr.ip in [10.0.0.0/8, fd00::/8]` mixes them freely.

export interface Cidr {
  bytes: Uint8Array;
  /** Prefix length in bits over the 16-byte form (an IPv4 /8 is /104 here). */
  bits: number;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string;
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    bytes[12 + i] = Number(part);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (!v4) return null;
        out.push(((v4[12] as number) << 8) | (v4[13] as number), ((v4[14] as number) << 8) | (v4[15] as number));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) out.push(parseInt(part, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** An IPv4 or IPv6 address in 16-byte form, or null when the text is not one. */
export function parseIp(text: string): Uint8Array | null {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** "10.0.0.0/8", "fd00::/8", or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const bytes = parseIp(address);
  if (!bytes) return null;
  const v4 = !address.includes(':');
  const max = v4 ? 32 : 128;
  const prefix = slash < 0 ? max : /^\d{1,3}$/.test(text.slice(slash + 1)) ? Number(text.slice(slash + 1)) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { bytes, bits: v4 ? prefix + 96 : prefix };
}

export function cidrContains(cidr: Cidr, ip: Uint8Array): boolean {
  let bits = cidr.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((cidr.bytes[i] as number) & mask) !== ((ip[i] as number) & mask)) return false;
  }
  return true;
}

const notPublic = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3', '::/127', 'fc00::/7', 'fe80::/10', 'ff00::/8'].map(
  (text) => parseCidr(text) as Cidr,
);

/** Publicly routable: not private, loopback, link-local, carrier-grade NAT, multicast or reserved (as the sensor decides). */
export function isPublicIp(text: string): boolean {
  const ip = parseIp(text);
  return ip !== null && !notPublic.some((range) => cidrContains(range, ip));
}
