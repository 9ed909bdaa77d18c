// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * file_events.bpf.h - file events: opens, unlink/rmdir, rename, chmod/chown, links, utimes, mkdir, truncate, cwd.
 * Part of sensor.bpf.c (one compilation unit: it includes this file in order).
 */
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
