// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kern_events.bpf.h - kernel and evasion events: ptrace, modules, bpf, memfd, mount, prctl, kill.
 * Part of sensor.bpf.c (one compilation unit: it includes this file in order).
 */
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
