// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * regs.bpf.h - where a syscall's number and arguments are at sys_exit, per architecture.
 * Part of sensor.bpf.c (one compilation unit: it includes this file in order).
 */
/* ---- syscall events, all from sys_exit ---- */

#if defined(__TARGET_ARCH_x86)
#define SYSCALL_NR(regs) ((regs)->orig_ax)
#define COMPAT_SYSCALL(regs) 0 /* 32-bit int 0x80 calls are not told apart yet */
#define ARG0 (regs->di)
#define ARG1 (regs->si)
#define ARG2 (regs->dx)
#define ARG3 (regs->r10)
#define ARG4 (regs->r8)
#elif defined(__TARGET_ARCH_arm64)
/*
 * arm64's struct pt_regs, the fields used here. CO-RE matches it to the
 * running kernel's struct pt_regs by name (the ___ suffix is dropped), so the
 * vmlinux.h of the build machine, whatever its architecture, will do.
 */
struct pt_regs___sensor_arm64 {
	__u64 regs[31];
	__u64 pstate;
	__u64 orig_x0;
	__s32 syscallno;
} __attribute__((preserve_access_index));
#define A64(regs) ((struct pt_regs___sensor_arm64 *)(regs))
#define SYSCALL_NR(regs) (A64(regs)->syscallno)
/* an AArch32 task: its syscall numbers are ARM's, not the table's (PSR_MODE32_BIT) */
#define COMPAT_SYSCALL(regs) (A64(regs)->pstate & 0x10)
#define ARG0 (A64(regs)->orig_x0) /* x0 holds the return value by now */
#define ARG1 (A64(regs)->regs[1])
#define ARG2 (A64(regs)->regs[2])
#define ARG3 (A64(regs)->regs[3])
#define ARG4 (A64(regs)->regs[4])
#else
#error "sensor.bpf.c: build with -D__TARGET_ARCH_x86 or -D__TARGET_ARCH_arm64"
#endif
