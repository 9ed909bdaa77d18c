/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* priv.h - the setuid and setgid families and capset: the credentials after the call. */
#ifndef WB_PRIV_H
#define WB_PRIV_H
#include "common.h"

struct cred_event {
	struct event_hdr hdr;
	__s64 retval;
	__u32 syscall;
	__u32 uid, euid, suid, fsuid;
	__u32 gid, egid, sgid, fsgid;
	__u32 pad;
	__u64 cap_effective, cap_permitted, cap_inheritable;
};

#endif
