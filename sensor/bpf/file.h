/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * file.h - open, unlink, rmdir, rename, chmod, chown, link, symlink, utimes,
 * mkdir, truncate and chdir. One struct for the family: the syscall's
 * return value, its numeric arguments, and up to two paths.
 */
#ifndef WB_FILE_H
#define WB_FILE_H
#include "common.h"

/*
 * Strings after the struct: path, then destination (rename, link, symlink).
 * Each path is absolute but not normalised: the kernel joins the directory it
 * resolved (cwd, the dirfd, or the fd itself) with the string the process
 * passed, so "." and ".." may remain; the loader normalises them.
 * For symlink the first string is the link's target exactly as given.
 */
struct file_event {
	struct event_hdr hdr;
	__s64 retval;
	__u32 syscall;         /* syscall number */
	__u32 flags;           /* open: O_* flags; unlinkat/linkat/renameat2: flags */
	__u32 mode;            /* open/mkdir/chmod: mode */
	__u32 uid, gid;        /* chown: new owner (-1: unchanged) */
	__u8 path_flags;
	__u8 npaths;
	__u8 pad[2];
	char data[DATA_MAX];
};

#endif
