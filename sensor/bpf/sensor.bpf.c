// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sensor.bpf.c - the kernel side of workbench-sensor.
 *
 * Hooks, all tracepoints:
 *   tp_btf/sched_process_exec, _fork, _exit  process events
 *   tp_btf/sys_exit                          every other event, filtered by syscall number
 *   iter/task                                the snapshot of processes running at start
 *
 * Only sys_exit is hooked, not sys_enter: the syscall's arguments are still
 * in pt_regs when it returns (on arm64 the first one in orig_x0, since x0
 * holds the result by then), so one hook sees arguments and result.
 * Nothing here waits: records go into one ring buffer; when it is full the
 * record is dropped and counted. The reader is woken only when the buffer
 * holds more than `wakeup_bytes`, otherwise it polls on a timer.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "process.h"
#include "file.h"
#include "net.h"
#include "priv.h"
#include "kern.h"
#include "syscalls.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* ---- configuration, written by the loader before load ---- */
const volatile __u32 self_tgid = 0;
const volatile __u64 wakeup_bytes = 1 << 20;
const volatile __u8 type_enabled[EV_MAX] = {};
const volatile __u8 syscall_type[MAX_SYSCALL] = {}; /* event type per syscall, 0: not traced */
const volatile __u32 n_read_prefix = 0, n_include_prefix = 0, n_exclude_prefix = 0;
const volatile char read_prefix[MAX_PREFIXES][PREFIX_LEN] = {};
/* the last component of each read prefix: a cheap first test before walking a path */
const volatile char read_name[MAX_PREFIXES][NAME_LEN] = {};
/* the first 8 bytes of each read prefix and which of them count: a one-load pre-test of a path */
const volatile __u64 read_head[MAX_PREFIXES] = {};
const volatile __u64 read_head_mask[MAX_PREFIXES] = {};
const volatile char include_prefix[MAX_PREFIXES][PREFIX_LEN] = {};
const volatile char exclude_prefix[MAX_PREFIXES][PREFIX_LEN] = {};

/* Highest ring-buffer fill seen since the loader last reset it. */
__u64 peak_fill = 0;

#include "core.bpf.h"
#include "paths.bpf.h"

/*
 * ---- process events ----
 * Sent even when not asked for: the loader's process table needs them to give
 * every other event its executable, argv and cwd (and to forget exited pids).
 */

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct exec_event *e;
	struct path pwd;
	__u64 start, end, len;
	__u32 off = 0;

	if (p->tgid == self_tgid || !(e = new_event(EV_EXEC)))
		return 0;
	fill_proc_btf(p, &e->hdr.proc);
	e->path_flags = 0;
	e->args_truncated = 0;

	off = put_kernel_str(e->data, off, bprm->filename);
	off = put_kernel_str(e->data, off, bprm->interp != bprm->filename ? bprm->interp : NULL);
	BPF_CORE_READ_INTO(&pwd, p, fs, pwd);
	off = put_dentry_path(e->data, off, pwd.dentry, pwd.mnt, &e->path_flags);
	off = end_str(e->data, off);
	/* the file that runs: the binary, or the interpreter of a script */
	off = put_dentry_path(e->data, off, bprm->file->f_path.dentry, bprm->file->f_path.mnt, &e->path_flags);
	off = end_str(e->data, off);

	start = BPF_CORE_READ(p, mm, arg_start);
	end = BPF_CORE_READ(p, mm, arg_end);
	len = end > start ? end - start : 0;
	if (len > ARGV_MAX - 1) {
		len = ARGV_MAX - 1;
		e->args_truncated = 1;
	}
	if (off >= HALF)
		len = 0;
	if (len && bpf_probe_read_user(&e->data[AT(off)], len & (ARGV_MAX - 1), (void *)start))
		len = 0;
	e->argv_len = len;
	SUBMIT(e, off + len);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_fork, struct task_struct *parent, struct task_struct *child)
{
	struct fork_event *e;

	if (child->pid != child->tgid) /* a new thread, not a new process */
		return 0;
	if (parent->tgid == self_tgid || !(e = new_event(EV_FORK)))
		return 0;
	fill_proc_btf(child, &e->hdr.proc);
	submit(e, sizeof(*e));
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_exit, struct task_struct *p)
{
	struct exit_event *e;

	if (BPF_CORE_READ(p, signal, live.counter) != 0) /* other threads still run */
		return 0;
	if (p->tgid == self_tgid || !(e = new_event(EV_EXIT)))
		return 0;
	fill_proc_btf(p, &e->hdr.proc);
	e->exit_code = BPF_CORE_READ(p, exit_code);
	submit(e, sizeof(*e));
	return 0;
}

/* One record per running process, read by the loader at start. */
SEC("iter/task")
int snapshot(struct bpf_iter__task *ctx)
{
	struct task_struct *t = ctx->task;
	struct fork_event e = {};

	if (!t || t->pid != t->tgid)
		return 0;
	e.hdr.type = EV_SNAPSHOT;
	e.hdr.size = sizeof(e);
	e.hdr.ts = bpf_ktime_get_boot_ns();
	fill_proc_btf(t, &e.hdr.proc);
	bpf_seq_write(ctx->meta->seq, &e, sizeof(e));
	return 0;
}

#include "regs.bpf.h"
#include "file_events.bpf.h"
#include "net_events.bpf.h"
#include "cred_events.bpf.h"
#include "kern_events.bpf.h"

/* ---- syscall events, all from sys_exit: dispatched by event family ---- */

SEC("tp_btf/sys_exit")
int BPF_PROG(handle_sys_exit, struct pt_regs *regs, long ret)
{
	long nr = SYSCALL_NR(regs);
	__u32 type;

	if (nr < 0 || nr >= MAX_SYSCALL || COMPAT_SYSCALL(regs))
		return 0;
	type = syscall_type[nr];
	if (!type || (bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	if (type <= EV_CHDIR)
		return on_file(regs, nr, type, ret);
	if (type <= EV_LISTEN)
		return on_net(regs, nr, type, ret);
	if (type <= EV_CAPSET)
		return on_cred(regs, nr, type, ret);
	return on_kern(regs, nr, type, ret);
}
