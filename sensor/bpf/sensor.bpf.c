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

/* ---- maps ---- */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20); /* the loader may change it */
} events SEC(".maps");

union any_event {
	struct exec_event exec;
	struct fork_event fork;
	struct exit_event exit;
	struct file_event file;
	struct net_event net;
	struct cred_event cred;
	struct kern_event kern;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, union any_event);
} heap SEC(".maps");

#define SCRATCH 8192
/*
 * pos and done live here rather than in registers on purpose: a value loaded
 * from a map is "unknown" to the verifier, so the paths through the walk
 * converge instead of multiplying.
 */
struct scratch { __u32 pos, done; char buf[SCRATCH]; };
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, C_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* ---- small helpers ---- */
#define AT_FDCWD -100
#define AT_REMOVEDIR 0x200
#define HALF (DATA_MAX / 2)          /* strings start below HALF and are at most HALF long */
#define AT(off) ((off) & (HALF - 1))
#define O_ACCMODE 3
#define O_CREAT 0100
#define O_TRUNC 01000
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define PR_SET_NAME 15

static void count(__u32 c)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &c);
	if (v)
		*v += 1;
}

static void *new_event(__u32 type)
{
	__u32 zero = 0;
	struct event_hdr *h = bpf_map_lookup_elem(&heap, &zero);
	if (h) {
		h->type = type;
		h->ts = bpf_ktime_get_boot_ns();
	}
	return h;
}

/* Copy the process context of task t into c. */
static void fill_proc(struct task_struct *t, struct proc_ctx *c)
{
	const struct cred *cred = BPF_CORE_READ(t, cred);
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	struct kernfs_node *kn = BPF_CORE_READ(t, cgroups, dfl_cgrp, kn);

	c->pid = BPF_CORE_READ(t, tgid);
	c->tid = BPF_CORE_READ(t, pid);
	c->ppid = BPF_CORE_READ(t, real_parent, tgid);
	c->uid = BPF_CORE_READ(cred, uid.val);
	c->gid = BPF_CORE_READ(cred, gid.val);
	c->euid = BPF_CORE_READ(cred, euid.val);
	c->egid = BPF_CORE_READ(cred, egid.val);
	c->auid = (__u32)-1;
	if (bpf_core_field_exists(t->loginuid))
		c->auid = BPF_CORE_READ(t, loginuid.val);
	c->start_ns = BPF_CORE_READ(t, group_leader, start_boottime); /* the process's, not the thread's */
	c->cgroup_id = BPF_CORE_READ(kn, id);
	BPF_CORE_READ_STR_INTO(&c->comm, t, comm);
	c->tty[0] = 0;
	if (tty)
		bpf_probe_read_kernel_str(c->tty, sizeof(c->tty), &tty->name);
	c->cgroup[0] = 0;
	if (kn)
		bpf_probe_read_kernel_str(c->cgroup, sizeof(c->cgroup), BPF_CORE_READ(kn, name));
}

/*
 * The same through a BTF pointer (the hooks' task arguments, and the current
 * task on 5.11+): plain loads instead of ~20 probe reads.
 */
static void fill_proc_btf(struct task_struct *t, struct proc_ctx *c)
{
	const struct cred *cred = t->cred;
	struct tty_struct *tty = t->signal->tty;
	struct kernfs_node *kn = t->cgroups->dfl_cgrp->kn;

	c->pid = t->tgid;
	c->tid = t->pid;
	c->ppid = t->real_parent->tgid;
	c->uid = cred->uid.val;
	c->gid = cred->gid.val;
	c->euid = cred->euid.val;
	c->egid = cred->egid.val;
	c->auid = (__u32)-1;
	if (bpf_core_field_exists(t->loginuid))
		c->auid = t->loginuid.val;
	c->start_ns = t->group_leader->start_boottime; /* the process's, not the thread's */
	c->cgroup_id = kn->id;
	bpf_probe_read_kernel_str(c->comm, sizeof(c->comm), t->comm);
	c->tty[0] = 0;
	if (tty)
		bpf_probe_read_kernel_str(c->tty, sizeof(c->tty), tty->name);
	c->cgroup[0] = 0;
	if (kn)
		bpf_probe_read_kernel_str(c->cgroup, sizeof(c->cgroup), kn->name);
}

static void fill_current(struct event_hdr *h)
{
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf))
		fill_proc_btf(bpf_get_current_task_btf(), &h->proc);
	else
		fill_proc((struct task_struct *)bpf_get_current_task(), &h->proc);
}

/* Write the record into the ring buffer; never waits. */
static __always_inline void submit(void *e, __u64 size)
{
	__u64 fill = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u64 flags = fill + size >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;

	if (fill > peak_fill)
		peak_fill = fill;
	((struct event_hdr *)e)->size = size;
	barrier_var(size);
	if (size > sizeof(union any_event))
		return;
	if (bpf_ringbuf_output(&events, e, size, flags))
		count(C_KERNEL_DROPS);
	else
		count(C_KERNEL_EVENTS);
}

/* size = fixed part + used string area */
#define SUBMIT(e, off) submit((e), offsetof(typeof(*(e)), data) + (__u64)(off))

/* ---- strings and paths into an event's string area ---- */

static __u32 put_user_str(char *data, __u32 off, const void *s, __u8 *pflags)
{
	long n;

	if (off >= HALF)
		return off;
	n = s ? bpf_probe_read_user_str(&data[AT(off)], STR_MAX, s) : -1;
	if (n <= 0) {
		data[AT(off)] = 0;
		n = 1;
	}
	if (n == STR_MAX)
		*pflags |= PATH_TRUNCATED;
	return off + n;
}

static __u32 put_kernel_str(char *data, __u32 off, const void *s)
{
	long n;

	if (off >= HALF)
		return off;
	n = s ? bpf_probe_read_kernel_str(&data[AT(off)], STR_MAX, s) : -1;
	if (n <= 0) {
		data[AT(off)] = 0;
		n = 1;
	}
	return off + n;
}

/*
 * Write the absolute path of (dentry, vfsmount) at data[off], without the
 * final NUL ("" for the root). Walks up to PATH_DEPTH levels towards the
 * root, crossing mount points, building the path backwards in scratch.
 */
static __noinline __u32 put_dentry_path(char *data, __u32 off, struct dentry *d,
					struct vfsmount *vfsmnt, __u8 *pflags)
{
	__u32 zero = 0, pos, n;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	struct mount *mnt = container_of(vfsmnt, struct mount, mnt);

	if (!s || off >= HALF)
		return off;
	s->pos = SCRATCH / 2;
	s->done = 0;
	for (int i = 0; i < PATH_DEPTH; i++) {
		struct dentry *root = BPF_CORE_READ(vfsmnt, mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);

		if (d == root || d == parent) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
			if (d == root && up != mnt) { /* cross into the parent mount */
				d = BPF_CORE_READ(mnt, mnt_mountpoint);
				mnt = up;
				vfsmnt = &up->mnt;
				continue;
			}
			s->done = 1;
			break;
		}
		n = BPF_CORE_READ(d, d_name.len);
		if (n > 255)
			n = 255;
		pos = s->pos;
		if (pos > SCRATCH / 2 || pos < n + 2)
			break;
		pos -= n;
		bpf_probe_read_kernel(&s->buf[pos & (SCRATCH / 2 - 1)], n & 255,
				      BPF_CORE_READ(d, d_name.name));
		pos -= 1;
		s->buf[pos & (SCRATCH / 2 - 1)] = '/';
		s->pos = pos;
		d = parent;
	}
	if (!s->done)
		*pflags |= PATH_TRUNCATED;
	pos = s->pos;
	if (pos > SCRATCH / 2)
		return off;
	n = SCRATCH / 2 - pos;
	if (n > 0 && n < SCRATCH / 2)
		bpf_probe_read_kernel(&data[AT(off)], n & (SCRATCH / 2 - 1),
				      &s->buf[pos & (SCRATCH / 2 - 1)]);
	return off + n;
}

static struct file *fd_file(int fd)
{
	struct file **fds, *f = NULL;
	unsigned int max;

	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)) {
		/* 5.11+: plain loads through BTF pointers, much cheaper than probe reads */
		struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
		max = fdt->max_fds;
		fds = fdt->fd;
	} else {
		struct task_struct *t = (struct task_struct *)bpf_get_current_task();
		struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
		max = BPF_CORE_READ(fdt, max_fds);
		fds = BPF_CORE_READ(fdt, fd);
	}
	if (fd < 0 || fd >= max)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The directory a relative path starts from: the cwd or the dirfd's file. */
static __u32 put_dir(char *data, __u32 off, int dfd, __u8 *pflags)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct path p;

	if (dfd == AT_FDCWD) {
		BPF_CORE_READ_INTO(&p, t, fs, pwd);
	} else {
		struct file *f = fd_file(dfd);
		if (!f)
			return off;
		BPF_CORE_READ_INTO(&p, f, f_path);
	}
	return put_dentry_path(data, off, p.dentry, p.mnt, pflags);
}

static __u32 end_str(char *data, __u32 off)
{
	if (off < HALF)
		data[AT(off)] = 0;
	return off + 1;
}

/* The absolute path of an open file descriptor (a NUL-terminated string). */
static __u32 put_fd_path(char *data, __u32 off, int fd, __u8 *pflags)
{
	__u32 start = off;

	if (fd != AT_FDCWD && !fd_file(fd)) /* a bad descriptor names nothing */
		return end_str(data, off);
	off = put_dir(data, off, fd, pflags);
	if (off == start && off < HALF)
		data[AT(off++)] = '/'; /* the root itself */
	return end_str(data, off);
}

/*
 * The path a *at() syscall names: absolute paths as given; relative ones
 * after the directory of dfd (or the cwd); an empty or NULL path names dfd.
 */
static __u32 put_path(char *data, __u32 off, int dfd, const char *upath, __u8 *pflags)
{
	char c = 0;

	if (upath)
		bpf_probe_read_user(&c, 1, upath);
	if (!c)
		return put_fd_path(data, off, dfd, pflags);
	if (c != '/') {
		off = put_dir(data, off, dfd, pflags);
		if (off < HALF)
			data[AT(off++)] = '/';
	}
	return put_user_str(data, off, upath, pflags);
}

/* Does the string at data[start] begin with one of the n prefixes? */
static bool match_prefix(const char *data, __u32 start, const volatile char (*prefix)[PREFIX_LEN], __u32 n)
{
	for (int i = 0; i < MAX_PREFIXES; i++) {
		if (i >= n)
			return false;
		for (int j = 0; j < PREFIX_LEN; j++) {
			char p = prefix[i][j];
			if (!p)
				return true;
			if (data[AT(start + j)] != p)
				break;
		}
	}
	return false;
}

/* kernels before 6.14 keep short names in d_iname, later ones in d_shortname */
struct dentry___iname {
	unsigned char d_iname[32];
} __attribute__((preserve_access_index));

/*
 * The first NAME_LEN bytes of d's name into buf, and its parent, with one
 * probe read for the usual short names (kept inside the dentry) instead of
 * three: the read filter runs on every read-only open.
 */
static __always_inline bool dentry_name(struct dentry *d, char *buf, struct dentry **parent)
{
	struct { __u64 raw[12]; } head; /* d_parent .. the inline name */
	__u32 base = bpf_core_field_offset(struct dentry, d_parent);
	__u32 name = bpf_core_field_offset(struct dentry, d_name) + bpf_core_field_offset(struct qstr, name);
	__u32 inl;
	__u64 ptr;

	if (bpf_core_field_exists(struct dentry, d_shortname))
		inl = bpf_core_field_offset(struct dentry, d_shortname);
	else
		inl = bpf_core_field_offset(struct dentry___iname, d_iname);
	if (name - base > sizeof(head) - 8 || inl - base > sizeof(head) - NAME_LEN ||
	    bpf_probe_read_kernel(&head, sizeof(head), (char *)d + base))
		return false;
	*parent = (struct dentry *)head.raw[0];
	ptr = *(__u64 *)((char *)&head + ((name - base) & 0x7f));
	if (ptr == (__u64)d + inl) {
		__builtin_memcpy(buf, (char *)&head + ((inl - base) & 0x3f), NAME_LEN);
		buf[NAME_LEN - 1] = 0;
		return true;
	}
	return bpf_probe_read_kernel_str(buf, NAME_LEN, (void *)ptr) > 0;
}

/*
 * A read-only open is worth resolving when the path as written starts with a
 * read prefix, or when the opened file or its directory has a name that starts
 * with the last component of one: "/etc/shadow" makes "shadow" and
 * "shadow-" candidates, "/root/.ssh/" the files directly in any ".ssh".
 * Resolving every read costs ~1 us; this test costs a few loads.
 */
static __noinline bool read_candidate(int fd, const char *upath)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	struct file *f = fd_file(fd);
	struct dentry *d;

	__u64 head;
	bool maybe = true;

	if (!s || !f)
		return false;
	/* most paths differ from every prefix in their first 8 bytes: one fixed-size read tells */
	if (!bpf_probe_read_user(&head, sizeof(head), upath)) {
		maybe = false;
		for (int i = 0; i < MAX_PREFIXES; i++) {
			if (i >= n_read_prefix)
				break;
			if ((head & read_head_mask[i]) == read_head[i]) {
				maybe = true;
				break;
			}
		}
	}
	if (maybe && bpf_probe_read_user_str(s->buf, PREFIX_LEN, upath) > 0 && s->buf[0] == '/' &&
	    match_prefix(s->buf, 0, read_prefix, n_read_prefix))
		return true;
	d = BPF_CORE_READ(f, f_path.dentry);
	for (int level = 0; level < 2; level++) {
		if (!dentry_name(d, s->buf, &d))
			return false;
		for (int i = 0; i < MAX_PREFIXES; i++) {
			if (i >= n_read_prefix)
				break;
			for (int j = 0; j < NAME_LEN; j++) {
				char p = read_name[i][j];
				if (!p)
					return true;
				if (s->buf[j] != p)
					break;
			}
		}
	}
	return false;
}

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

static __noinline int on_file(struct pt_regs *regs, __u32 nr, __u32 type, long ret)
{
	struct file_event *e = new_event(type);
	__u32 off = 0;
	bool is_open = false;

	if (!e)
		return 0;
	e->retval = ret;
	e->syscall = nr;
	e->flags = e->mode = 0;
	e->uid = e->gid = (__u32)-1;
	e->path_flags = 0;
	e->npaths = 1;

	switch (nr) {
	case NR_open:
	case NR_creat:
	case NR_openat:
	case NR_openat2: {
		const char *upath = (const char *)(nr == NR_open || nr == NR_creat ? ARG0 : ARG1);
		int dfd = nr == NR_open || nr == NR_creat ? AT_FDCWD : (int)ARG0;
		bool write;

		is_open = true;
		if (nr == NR_open) {
			e->flags = ARG1;
			e->mode = ARG2;
		} else if (nr == NR_creat) {
			e->flags = O_CREAT | O_TRUNC | 1;
			e->mode = ARG1;
		} else if (nr == NR_openat) {
			e->flags = ARG2;
			e->mode = ARG3;
		} else {
			struct open_how how = {};
			bpf_probe_read_user(&how, sizeof(how.flags) + sizeof(how.mode), (void *)ARG2);
			e->flags = how.flags;
			e->mode = how.mode;
		}
		write = (e->flags & (O_ACCMODE | O_CREAT | O_TRUNC)) != 0;
		if (!write && (!n_read_prefix || (ret >= 0 && !read_candidate(ret, upath))))
			return 0;
		/* the opened file's real path when it opened, else the path asked for */
		off = ret >= 0 ? put_fd_path(e->data, off, ret, &e->path_flags)
			       : put_path(e->data, off, dfd, upath, &e->path_flags);
		if (!write && !match_prefix(e->data, 0, read_prefix, n_read_prefix))
			return 0;
		break;
	}
	case NR_unlink:
	case NR_rmdir:
	case NR_chdir:
		if (nr == NR_chdir)
			goto cwd;
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG0, &e->path_flags);
		break;
	case NR_fchdir:
	cwd:
		if (ret < 0)
			return 0;
		off = put_fd_path(e->data, off, AT_FDCWD, &e->path_flags);
		break;
	case NR_unlinkat:
		e->flags = ARG2;
		if (e->flags & AT_REMOVEDIR) {
			/* implied by the type: rmdir(2) has no flags, and arm64's rmdir() is this call */
			e->flags &= ~AT_REMOVEDIR;
			e->hdr.type = EV_RMDIR;
			if (!type_enabled[EV_RMDIR])
				return 0;
		}
		off = put_path(e->data, off, ARG0, (const char *)ARG1, &e->path_flags);
		break;
	case NR_rename:
	case NR_link:
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG0, &e->path_flags);
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG1, &e->path_flags);
		e->npaths = 2;
		break;
	case NR_renameat:
	case NR_renameat2:
	case NR_linkat:
		e->flags = nr == NR_renameat ? 0 : ARG4;
		off = put_path(e->data, off, ARG0, (const char *)ARG1, &e->path_flags);
		off = put_path(e->data, off, ARG2, (const char *)ARG3, &e->path_flags);
		e->npaths = 2;
		break;
	case NR_symlink:
	case NR_symlinkat:
		off = put_user_str(e->data, off, (const void *)ARG0, &e->path_flags);
		off = nr == NR_symlink
			? put_path(e->data, off, AT_FDCWD, (const char *)ARG1, &e->path_flags)
			: put_path(e->data, off, ARG1, (const char *)ARG2, &e->path_flags);
		e->npaths = 2;
		break;
	case NR_chmod:
	case NR_mkdir:
		e->mode = ARG1;
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG0, &e->path_flags);
		break;
	case NR_fchmod:
		e->mode = ARG1;
		off = put_fd_path(e->data, off, ARG0, &e->path_flags);
		break;
	case NR_fchmodat:
	case NR_fchmodat2:
	case NR_mkdirat:
		e->mode = ARG2;
		e->flags = nr == NR_fchmodat2 ? ARG3 : 0;
		off = put_path(e->data, off, ARG0, (const char *)ARG1, &e->path_flags);
		break;
	case NR_chown:
	case NR_lchown:
		e->uid = ARG1;
		e->gid = ARG2;
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG0, &e->path_flags);
		break;
	case NR_fchown:
		e->uid = ARG1;
		e->gid = ARG2;
		off = put_fd_path(e->data, off, ARG0, &e->path_flags);
		break;
	case NR_fchownat:
		e->uid = ARG2;
		e->gid = ARG3;
		e->flags = ARG4;
		off = put_path(e->data, off, ARG0, (const char *)ARG1, &e->path_flags);
		break;
	case NR_utime:
	case NR_utimes:
	case NR_truncate:
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG0, &e->path_flags);
		break;
	case NR_utimensat:
	case NR_futimesat:
		off = put_path(e->data, off, ARG0, (const char *)ARG1, &e->path_flags);
		break;
	case NR_ftruncate:
		off = put_fd_path(e->data, off, ARG0, &e->path_flags);
		break;
	default:
		return 0;
	}
	/* chdir is never filtered out: the loader needs it to know each cwd */
	if (e->hdr.type != EV_CHDIR) {
		if (n_exclude_prefix && match_prefix(e->data, 0, exclude_prefix, n_exclude_prefix))
			return 0;
		if (n_include_prefix && !match_prefix(e->data, 0, include_prefix, n_include_prefix))
			return 0;
	}
	fill_current(&e->hdr);
	SUBMIT(e, off);
	return 0;
}

/* The socket behind fd, or NULL. */
static struct sock *fd_sock(int fd)
{
	struct file *f = fd_file(fd);
	struct socket *so;

	if (!f || (BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	so = BPF_CORE_READ(f, private_data);
	return BPF_CORE_READ(so, sk);
}

static __noinline int on_net(struct pt_regs *regs, __u32 nr, __u32 type, long ret)
{
	struct net_event *e = new_event(type);
	struct sock *sk;

	if (!e)
		return 0;
	e->retval = ret;
	e->syscall = nr;
	e->backlog = 0;
	__builtin_memset(&e->addr6, 0, sizeof(e->addr6));
	if (nr == NR_accept || nr == NR_accept4) {
		if (ret < 0) /* mostly EAGAIN from non-blocking servers */
			return 0;
		sk = fd_sock(ret);
	} else {
		sk = fd_sock(ARG0);
	}
	if (!sk)
		return 0;
	e->protocol = BPF_CORE_READ(sk, sk_protocol);
	e->sock_type = BPF_CORE_READ(sk, sk_type);

	if (nr == NR_connect || nr == NR_bind) {
		struct sockaddr_in6 sa = {}; /* large enough for sockaddr_in */
		bpf_probe_read_user(&sa, sizeof(sa), (void *)ARG1);
		e->family = sa.sin6_family;
		if (e->family == 2 /* AF_INET */) {
			struct sockaddr_in *in = (void *)&sa;
			e->port = bpf_ntohs(in->sin_port);
			e->addr4 = in->sin_addr.s_addr;
		} else if (e->family == 10 /* AF_INET6 */) {
			e->port = bpf_ntohs(sa.sin6_port);
			__builtin_memcpy(&e->addr6, &sa.sin6_addr, 16);
		}
	} else { /* accept: the peer; listen: the local address */
		e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
		if (nr == NR_listen) {
			e->backlog = ARG1;
			e->port = BPF_CORE_READ(sk, __sk_common.skc_num);
			if (e->family == 2)
				BPF_CORE_READ_INTO(&e->addr4, sk, __sk_common.skc_rcv_saddr);
			else
				BPF_CORE_READ_INTO(&e->addr6, sk, __sk_common.skc_v6_rcv_saddr);
		} else {
			e->port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
			if (e->family == 2)
				BPF_CORE_READ_INTO(&e->addr4, sk, __sk_common.skc_daddr);
			else
				BPF_CORE_READ_INTO(&e->addr6, sk, __sk_common.skc_v6_daddr);
		}
	}
	if (e->family != 2 && e->family != 10) /* unix sockets and the like: not ours */
		return 0;
	fill_current(&e->hdr);
	submit(e, sizeof(*e));
	return 0;
}

static __noinline int on_cred(struct pt_regs *regs, __u32 nr, __u32 type, long ret)
{
	struct cred_event *e = new_event(type);
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	const struct cred *c = BPF_CORE_READ(t, cred);

	if (!e)
		return 0;
	e->retval = ret;
	e->syscall = nr;
	e->uid = BPF_CORE_READ(c, uid.val);
	e->euid = BPF_CORE_READ(c, euid.val);
	e->suid = BPF_CORE_READ(c, suid.val);
	e->fsuid = BPF_CORE_READ(c, fsuid.val);
	e->gid = BPF_CORE_READ(c, gid.val);
	e->egid = BPF_CORE_READ(c, egid.val);
	e->sgid = BPF_CORE_READ(c, sgid.val);
	e->fsgid = BPF_CORE_READ(c, fsgid.val);
	/* kernel_cap_t is a u64 (6.3+) or two u32 (before): 8 bytes either way */
	bpf_probe_read_kernel(&e->cap_effective, 8, &c->cap_effective);
	bpf_probe_read_kernel(&e->cap_permitted, 8, &c->cap_permitted);
	bpf_probe_read_kernel(&e->cap_inheritable, 8, &c->cap_inheritable);
	fill_current(&e->hdr);
	submit(e, sizeof(*e));
	return 0;
}

static __noinline int on_kern(struct pt_regs *regs, __u32 nr, __u32 type, long ret)
{
	struct kern_event *e = new_event(type);
	__u32 off = 0;

	if (!e)
		return 0;
	e->retval = ret;
	e->syscall = nr;
	e->nstr = 0;
	e->path_flags = 0;
	e->arg[0] = ARG0;
	e->arg[1] = ARG1;
	e->arg[2] = ARG2;
	e->arg[3] = ARG3;

	switch (nr) {
	case NR_finit_module:
		off = put_fd_path(e->data, off, ARG0, &e->path_flags);
		e->nstr = 1;
		break;
	case NR_delete_module:
	case NR_memfd_create:
		off = put_user_str(e->data, off, (void *)ARG0, &e->path_flags);
		e->nstr = 1;
		break;
	case NR_prctl:
		if (ARG0 != PR_SET_NAME)
			return 0;
		off = put_user_str(e->data, off, (void *)ARG1, &e->path_flags);
		e->nstr = 1;
		break;
	case NR_mount:
		off = put_user_str(e->data, off, (void *)ARG0, &e->path_flags);
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG1, &e->path_flags);
		off = put_user_str(e->data, off, (void *)ARG2, &e->path_flags);
		e->nstr = 3;
		break;
	case NR_umount2:
		off = put_path(e->data, off, AT_FDCWD, (const char *)ARG0, &e->path_flags);
		e->nstr = 1;
		break;
	case NR_kill:
	case NR_tkill:
		if (ARG1 == 0) /* a liveness probe, not a signal */
			return 0;
		break;
	case NR_tgkill:
		if (ARG2 == 0)
			return 0;
		break;
	default: /* ptrace, init_module, bpf: numbers only */
		break;
	}
	fill_current(&e->hdr);
	SUBMIT(e, off);
	return 0;
}

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
