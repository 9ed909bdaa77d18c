// SECL constants, named as Datadog names them, with Linux x86-64 values. Grouped by family so the editor
// completes only the constants that make sense for a field, and so names the sensor writes as text
// ("AF_INET", "EXITED") read as the same numbers the constants stand for.

export type ConstantFamily =
  | 'open_flags'
  | 'file_mode'
  | 'capability'
  | 'ptrace_request'
  | 'signal'
  | 'address_family'
  | 'ip_protocol'
  | 'bpf_cmd'
  | 'bpf_helper'
  | 'prctl_option'
  | 'exit_cause'
  | 'errno'
  | 'audit'
  | 'mmap_protection'
  | 'other';

const openFlags = {
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_ACCMODE: 3, O_CREAT: 0o100, O_EXCL: 0o200, O_NOCTTY: 0o400, O_TRUNC: 0o1000,
  O_APPEND: 0o2000, O_NONBLOCK: 0o4000, O_NDELAY: 0o4000, O_DSYNC: 0o10000, O_ASYNC: 0o20000, O_DIRECT: 0o40000,
  O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000, O_NOATIME: 0o1000000, O_CLOEXEC: 0o2000000, O_SYNC: 0o4010000,
  O_FSYNC: 0o4010000, O_RSYNC: 0o4010000, O_PATH: 0o10000000, O_TMPFILE: 0o20200000,
};

const fileMode = {
  S_IFMT: 0o170000, S_IFSOCK: 0o140000, S_IFLNK: 0o120000, S_IFREG: 0o100000, S_IFBLK: 0o60000, S_IFDIR: 0o40000,
  S_IFCHR: 0o20000, S_IFIFO: 0o10000, S_ISUID: 0o4000, S_ISGID: 0o2000, S_ISVTX: 0o1000, S_IRWXU: 0o700,
  S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100, S_IRWXG: 0o70, S_IRGRP: 0o40, S_IWGRP: 0o20, S_IXGRP: 0o10,
  S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
};

// Capabilities are bit masks (1 << number), as Datadog defines them, so `cap_effective & CAP_SYS_ADMIN > 0` works.
const capabilityNumbers = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER',
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP',
  'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF',
  'CHECKPOINT_RESTORE',
];
const capability = Object.fromEntries(capabilityNumbers.map((name, bit) => [`CAP_${name}`, 2 ** bit]));

const ptraceRequest = {
  PTRACE_TRACEME: 0, PTRACE_PEEKTEXT: 1, PTRACE_PEEKDATA: 2, PTRACE_PEEKUSR: 3, PTRACE_POKETEXT: 4,
  PTRACE_POKEDATA: 5, PTRACE_POKEUSR: 6, PTRACE_CONT: 7, PTRACE_KILL: 8, PTRACE_SINGLESTEP: 9, PTRACE_GETREGS: 12,
  PTRACE_SETREGS: 13, PTRACE_GETFPREGS: 14, PTRACE_SETFPREGS: 15, PTRACE_ATTACH: 16, PTRACE_DETACH: 17,
  PTRACE_GETFPXREGS: 18, PTRACE_SETFPXREGS: 19, PTRACE_SYSCALL: 24, PTRACE_SETOPTIONS: 0x4200,
  PTRACE_GETEVENTMSG: 0x4201, PTRACE_GETSIGINFO: 0x4202, PTRACE_SETSIGINFO: 0x4203, PTRACE_GETREGSET: 0x4204,
  PTRACE_SETREGSET: 0x4205, PTRACE_SEIZE: 0x4206, PTRACE_INTERRUPT: 0x4207, PTRACE_LISTEN: 0x4208,
  PTRACE_PEEKSIGINFO: 0x4209, PTRACE_GETSIGMASK: 0x420a, PTRACE_SETSIGMASK: 0x420b,
  PTRACE_SECCOMP_GET_FILTER: 0x420c, PTRACE_SECCOMP_GET_METADATA: 0x420d, PTRACE_GET_SYSCALL_INFO: 0x420e,
};

const signalNames = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV',
  'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN',
  'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];
const signal = { ...Object.fromEntries(signalNames.map((name, i) => [name, i + 1])), SIGIOT: 6, SIGPOLL: 29 };

const addressFamily = { AF_UNSPEC: 0, AF_UNIX: 1, AF_LOCAL: 1, AF_INET: 2, AF_INET6: 10, AF_NETLINK: 16, AF_PACKET: 17 };
const ipProtocol = { IPPROTO_IP: 0, IPPROTO_ICMP: 1, IPPROTO_TCP: 6, IPPROTO_UDP: 17, IPPROTO_ICMPV6: 58, IPPROTO_SCTP: 132, IPPROTO_RAW: 255 };

const bpfCmdNames = [
  'MAP_CREATE', 'MAP_LOOKUP_ELEM', 'MAP_UPDATE_ELEM', 'MAP_DELETE_ELEM', 'MAP_GET_NEXT_KEY', 'PROG_LOAD', 'OBJ_PIN',
  'OBJ_GET', 'PROG_ATTACH', 'PROG_DETACH', 'PROG_TEST_RUN', 'PROG_GET_NEXT_ID', 'MAP_GET_NEXT_ID',
  'PROG_GET_FD_BY_ID', 'MAP_GET_FD_BY_ID', 'OBJ_GET_INFO_BY_FD', 'PROG_QUERY', 'RAW_TRACEPOINT_OPEN', 'BTF_LOAD',
  'BTF_GET_FD_BY_ID', 'TASK_FD_QUERY', 'MAP_LOOKUP_AND_DELETE_ELEM', 'MAP_FREEZE', 'BTF_GET_NEXT_ID',
  'MAP_LOOKUP_BATCH', 'MAP_LOOKUP_AND_DELETE_BATCH', 'MAP_UPDATE_BATCH', 'MAP_DELETE_BATCH', 'LINK_CREATE',
  'LINK_UPDATE', 'LINK_GET_FD_BY_ID', 'LINK_GET_NEXT_ID', 'ENABLE_STATS', 'ITER_CREATE', 'LINK_DETACH',
  'PROG_BIND_MAP',
];
const bpfCmd = Object.fromEntries(bpfCmdNames.map((name, i) => [`BPF_${name}`, i]));
const bpfHelper = { BPF_PROBE_WRITE_USER: 36, BPF_OVERRIDE_RETURN: 58, BPF_SEND_SIGNAL: 109, BPF_SEND_SIGNAL_THREAD: 117 };

const prctlOption = {
  PR_SET_PDEATHSIG: 1, PR_GET_PDEATHSIG: 2, PR_GET_DUMPABLE: 3, PR_SET_DUMPABLE: 4, PR_SET_KEEPCAPS: 8,
  PR_SET_NAME: 15, PR_GET_NAME: 16, PR_SET_SECCOMP: 22, PR_CAPBSET_DROP: 24, PR_SET_MM: 35,
  PR_SET_CHILD_SUBREAPER: 36, PR_SET_NO_NEW_PRIVS: 38,
};

const exitCause = { EXITED: 0, COREDUMPED: 1, SIGNALED: 2 };

const errnoNames: Record<string, number> = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9, ECHILD: 10, EAGAIN: 11,
  ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21,
  EINVAL: 22, ENFILE: 23, EMFILE: 24, ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29, EROFS: 30, EMLINK: 31,
  EPIPE: 32, ENAMETOOLONG: 36, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40, EADDRINUSE: 98, ECONNREFUSED: 111,
};
// Datadog compares them with return values, which are negative errnos.
const errno = Object.fromEntries(Object.entries(errnoNames).map(([name, value]) => [name, -value]));

const audit = { AUDIT_AUID_UNSET: 4294967295 };
const mmapProtection = { PROT_NONE: 0, PROT_READ: 1, PROT_WRITE: 2, PROT_EXEC: 4 };

// Constants of Datadog event types the workbench sensor does not provide: known, so a rule using them is
// reported for its event type rather than for an unknown name.
const other = { PIPE_BUF_FLAG_CAN_MERGE: 0x10, SOL_SOCKET: 1, SO_ATTACH_FILTER: 26, SO_DETACH_FILTER: 27, A: 1, NS: 2, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33 };

export const constantFamilies: Readonly<Record<ConstantFamily, Readonly<Record<string, number>>>> = {
  open_flags: openFlags,
  file_mode: fileMode,
  capability,
  ptrace_request: ptraceRequest,
  signal,
  address_family: addressFamily,
  ip_protocol: ipProtocol,
  bpf_cmd: bpfCmd,
  bpf_helper: bpfHelper,
  prctl_option: prctlOption,
  exit_cause: exitCause,
  errno,
  audit,
  mmap_protection: mmapProtection,
  other,
};

// 'other' holds one-letter DNS names (A, NS): keep them out of the global namespace unless nothing else claims them.
const constantsByName = new Map<string, number>();
for (const [family, members] of Object.entries(constantFamilies)) {
  if (family === 'other') continue;
  for (const [name, value] of Object.entries(members)) constantsByName.set(name, value);
}
for (const [name, value] of Object.entries(other)) if (name.length > 2 && !constantsByName.has(name)) constantsByName.set(name, value);

/** The value of a constant, or undefined when SECL has no constant of that name. */
export function constantValue(name: string): number | undefined {
  return constantsByName.get(name);
}

export function constantNames(): string[] {
  return [...constantsByName.keys()];
}
