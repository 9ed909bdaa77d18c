// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cred_events.bpf.h - privilege events: setuid/setgid family, capset.
 * Part of sensor.bpf.c (one compilation unit: it includes this file in order).
 */
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
