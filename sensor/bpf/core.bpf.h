// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * core.bpf.h - maps, event records, process context, submission.
 * Part of sensor.bpf.c (one compilation unit: it includes this file in order).
 */
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
