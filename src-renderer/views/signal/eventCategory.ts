// Event types by what they touch, for the colours of the timeline and its legend: process life, files,
// the network, privileges and the kernel, and anything else.
export type EventCategory = 'process' | 'file' | 'network' | 'privilege' | 'other';

export const categories: ReadonlyArray<{ id: EventCategory; label: string }> = [
  { id: 'process', label: 'Process (exec, fork, exit)' },
  { id: 'file', label: 'File' },
  { id: 'network', label: 'Network' },
  { id: 'privilege', label: 'Privilege and kernel' },
  { id: 'other', label: 'Other' },
];

const byType: Record<string, EventCategory> = {
  exec: 'process', fork: 'process', exit: 'process', snapshot: 'process',
  open: 'file', unlink: 'file', rename: 'file', chmod: 'file', chown: 'file', link: 'file', utimes: 'file', mkdir: 'file', rmdir: 'file', splice: 'file', setxattr: 'file', removexattr: 'file',
  connect: 'network', bind: 'network', accept: 'network', dns: 'network',
  setuid: 'privilege', setgid: 'privilege', capset: 'privilege', ptrace: 'privilege', load_module: 'privilege', unload_module: 'privilege', bpf: 'privilege', mount: 'privilege', umount: 'privilege', signal: 'privilege', prctl: 'privilege', memfd: 'privilege', mprotect: 'privilege', mmap: 'privilege',
};

export function categoryOf(type: string): EventCategory {
  return byType[type] ?? 'other';
}
