/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* process.h - exec, fork, exit and the start-up snapshot of running processes. */
#ifndef WB_PROCESS_H
#define WB_PROCESS_H
#include "common.h"

/*
 * EV_EXEC. Strings after the struct, in order:
 *   filename     as passed to execve (may be relative: the loader joins it with cwd)
 *   interpreter  the #! interpreter, "" when the file ran itself
 *   cwd          the working directory at exec, absolute
 *   file         the absolute path of the file that runs (the interpreter for a script)
 *   argv         argv_len bytes, NUL-separated (not a C string)
 */
struct exec_event {
	struct event_hdr hdr;
	__u32 argv_len;
	__u8 args_truncated;
	__u8 path_flags;
	__u8 pad[2];
	char data[DATA_MAX];
};

/* EV_FORK: hdr.proc is the child; hdr.proc.ppid the parent. EV_SNAPSHOT: one running process. */
struct fork_event {
	struct event_hdr hdr;
};

/* EV_EXIT: hdr.proc is the process that ended (its last thread). */
struct exit_event {
	struct event_hdr hdr;
	__u32 exit_code;       /* the raw wait status: (code << 8) | signal | 0x80 if core */
	__u32 pad;
};

#endif
