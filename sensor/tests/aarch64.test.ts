// The aarch64 build: one static arm64 executable with the arm64 BPF programs inside, whose option parsing works
// (run under qemu-user on other machines). Loading the programs needs an arm64 kernel, which is not tested here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SENSOR_DIR } from './harness.ts';

const BINARY = join(SENSOR_DIR, 'build', 'workbench-sensor-aarch64');
const EM_AARCH64 = 183, ET_EXEC = 2, PT_DYNAMIC = 2, PT_INTERP = 3;

/** The aarch64 sensor's result: run natively on arm64, under qemu-user elsewhere. */
function runAarch64(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const [command, prefix] = process.arch === 'arm64' ? [BINARY, []] : ['qemu-aarch64', [BINARY]];
  const r = spawnSync(command, [...prefix, ...args], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What an ELF header and its program headers say (64-bit little-endian only). */
function elf(path: string): { class64: boolean; type: number; machine: number; segments: number[] } {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  const class64 = bytes[4] === 2 && bytes[5] === 1;
  const phoff = Number(view.getBigUint64(0x20, true));
  const phentsize = view.getUint16(0x36, true);
  const phnum = view.getUint16(0x38, true);
  const segments = Array.from({ length: phnum }, (_, i) => view.getUint32(phoff + i * phentsize, true));
  return { class64, type: view.getUint16(0x10, true), machine: view.getUint16(0x12, true), segments };
}

describe('sensor aarch64 build', () => {
  beforeAll(() => {
    const r = spawnSync('make', ['-C', SENSOR_DIR, '-s', 'ARCH=aarch64'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make -C sensor ARCH=aarch64 failed:\n${r.stdout}\n${r.stderr}`);
  });

  it('is a static aarch64 executable with the arm64 BPF programs inside', () => {
    const header = elf(BINARY);
    expect(header).toMatchObject({ class64: true, type: ET_EXEC, machine: EM_AARCH64 });
    expect(header.segments).not.toContain(PT_INTERP); // no dynamic loader: runs on any arm64 host
    expect(header.segments).not.toContain(PT_DYNAMIC);
    // the BTF of the embedded BPF object names the arm64 pt_regs the syscall arguments are read from
    expect(readFileSync(BINARY).includes('pt_regs___sensor_arm64')).toBe(true);
  });

  it('prints its version and help', () => {
    expect(runAarch64(['--version'])).toMatchObject({ status: 0, stdout: 'workbench-sensor 0.1.0\n' });
    const help = runAarch64(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--spool DIR');
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--events', 'nosuch'], "unknown event type or family 'nosuch'"],
    [['--rate', 'open=x'], '--rate TYPE=N needs a non-negative integer'],
    [['--ringbuf-size', '1000'], '--ringbuf-size must be a power of two of at least 4096: 1000'],
    [['--heartbeat-ms'], "option '--heartbeat-ms' needs a value"],
  ])('rejects %j with exit code 2', (args, message) => {
    const r = runAarch64(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`workbench-sensor: ${message}`);
    expect(r.stderr).toContain('usage: workbench-sensor [options]');
    expect(r.stdout).toBe('');
  });

  it('exits with code 4 and says why when there is no kernel BTF', () => {
    const r = runAarch64(['--btf', '/nonexistent/vmlinux', '--duration', '1']);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('workbench-sensor: no kernel BTF (/nonexistent/vmlinux: No such file or directory)');
    expect(r.stdout).toBe('');
  });
});
