/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * kern.h - kernel and evasion: ptrace, init/finit/delete_module, bpf,
 * memfd_create, mount, umount2, prctl(PR_SET_NAME), kill/tkill/tgkill.
 */
#ifndef WB_KERN_H
#define WB_KERN_H
#include "common.h"

/*
 * arg[] holds the syscall's numeric arguments as the process passed them.
 * Strings after the struct, by syscall:
 *   finit_module  the module file's path        delete_module  the module name
 *   memfd_create  the name                      prctl          the new name
 *   mount         source, target, fs type       umount2        target
 */
struct kern_event {
	struct event_hdr hdr;
	__s64 retval;
	__u32 syscall;
	__u8 nstr;
	__u8 path_flags;
	__u8 pad[2];
	__u64 arg[4];
	char data[DATA_MAX];
};

#endif
