/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * syscalls.h - the syscall numbers the sensor decodes (see syscall(2)), for
 * the architecture being built: the BPF side is told by -D__TARGET_ARCH_*,
 * the loader by its compiler. src/syscalls.c checks every number against the
 * target's <asm/unistd.h> at build time.
 */
#ifndef WB_SYSCALLS_H
#define WB_SYSCALLS_H

#if defined(__TARGET_ARCH_x86) || defined(__x86_64__)

#define NR_open 2
#define NR_kill 62
#define NR_truncate 76
#define NR_ftruncate 77
#define NR_chdir 80
#define NR_fchdir 81
#define NR_rename 82
#define NR_mkdir 83
#define NR_rmdir 84
#define NR_creat 85
#define NR_link 86
#define NR_unlink 87
#define NR_symlink 88
#define NR_chmod 90
#define NR_fchmod 91
#define NR_chown 92
#define NR_fchown 93
#define NR_lchown 94
#define NR_connect 42
#define NR_accept 43
#define NR_bind 49
#define NR_listen 50
#define NR_ptrace 101
#define NR_setuid 105
#define NR_setgid 106
#define NR_setreuid 113
#define NR_setregid 114
#define NR_setresuid 117
#define NR_setresgid 119
#define NR_setfsuid 122
#define NR_setfsgid 123
#define NR_capset 126
#define NR_utime 132
#define NR_prctl 157
#define NR_mount 165
#define NR_umount2 166
#define NR_init_module 175
#define NR_delete_module 176
#define NR_tkill 200
#define NR_tgkill 234
#define NR_utimes 235
#define NR_openat 257
#define NR_mkdirat 258
#define NR_fchownat 260
#define NR_futimesat 261
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_linkat 265
#define NR_symlinkat 266
#define NR_fchmodat 268
#define NR_utimensat 280
#define NR_accept4 288
#define NR_renameat2 316
#define NR_memfd_create 319
#define NR_bpf 321
#define NR_finit_module 313
#define NR_openat2 437
#define NR_fchmodat2 452

#elif defined(__TARGET_ARCH_arm64) || defined(__aarch64__)

/* arm64 has the generic syscall table (asm-generic/unistd.h) */
#define NR_mkdirat 34
#define NR_unlinkat 35
#define NR_symlinkat 36
#define NR_linkat 37
#define NR_renameat 38
#define NR_umount2 39
#define NR_mount 40
#define NR_truncate 45
#define NR_ftruncate 46
#define NR_chdir 49
#define NR_fchdir 50
#define NR_fchmod 52
#define NR_fchmodat 53
#define NR_fchownat 54
#define NR_fchown 55
#define NR_openat 56
#define NR_utimensat 88
#define NR_capset 91
#define NR_init_module 105
#define NR_delete_module 106
#define NR_ptrace 117
#define NR_kill 129
#define NR_tkill 130
#define NR_tgkill 131
#define NR_setregid 143
#define NR_setgid 144
#define NR_setreuid 145
#define NR_setuid 146
#define NR_setresuid 147
#define NR_setresgid 149
#define NR_setfsuid 151
#define NR_setfsgid 152
#define NR_prctl 167
#define NR_bind 200
#define NR_listen 201
#define NR_accept 202
#define NR_connect 203
#define NR_accept4 242
#define NR_finit_module 273
#define NR_renameat2 276
#define NR_memfd_create 279
#define NR_bpf 280
#define NR_openat2 437
#define NR_fchmodat2 452

/*
 * Not on arm64, which only has the *at variants (libc calls those): distinct
 * negative numbers, so the switch cases in sensor.bpf.c stay distinct and
 * never match, and src/syscalls.c leaves them out of the table.
 */
#define NR_open -1
#define NR_rename -2
#define NR_mkdir -3
#define NR_rmdir -4
#define NR_creat -5
#define NR_link -6
#define NR_unlink -7
#define NR_symlink -8
#define NR_chmod -9
#define NR_chown -10
#define NR_lchown -11
#define NR_utime -12
#define NR_utimes -13
#define NR_futimesat -14

#else
#error "syscalls.h: only x86_64 and aarch64 (arm64) are supported"
#endif

#endif
