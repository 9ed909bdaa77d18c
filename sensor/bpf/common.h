/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * common.h - what every event carries, shared by the BPF programs and the
 * loader. Each event family adds its own header (process.h, file.h, net.h,
 * priv.h, kern.h) with one struct that starts with `struct event_hdr`.
 *
 * Strings travel after the fixed part of an event, NUL-terminated, one after
 * another, in the order the family header documents. The record size in the
 * header says where the record ends.
 */
#ifndef WB_COMMON_H
#define WB_COMMON_H

#ifndef __VMLINUX_H__
#include <linux/types.h> /* user space; BPF gets the types from vmlinux.h */
#endif

#define TASK_COMM_LEN 16
#define TTY_NAME_LEN 64
#define CGROUP_NAME_LEN 128

/* Limits of what one event can carry. */
#define MAX_SYSCALL 512        /* syscall numbers we can filter on */
#define MAX_PREFIXES 8         /* path prefixes per list */
#define PREFIX_LEN 64          /* bytes per path prefix */
#define NAME_LEN 32            /* bytes of a path component compared by the read filter */
#define PATH_DEPTH 48          /* directory levels walked to resolve a path */
#define STR_MAX 4096           /* one user string (path) */
#define DATA_MAX 16384         /* string area of one event */
#define ARGV_MAX 4096          /* bytes of argv kept at exec */

enum event_type {
	EV_NONE = 0,
	/* process.h */
	EV_EXEC, EV_FORK, EV_EXIT, EV_SNAPSHOT,
	/* file.h */
	EV_OPEN, EV_UNLINK, EV_RMDIR, EV_RENAME, EV_CHMOD, EV_CHOWN, EV_LINK,
	EV_SYMLINK, EV_UTIMES, EV_MKDIR, EV_TRUNCATE, EV_CHDIR,
	/* net.h */
	EV_CONNECT, EV_ACCEPT, EV_BIND, EV_LISTEN,
	/* priv.h */
	EV_SETUID, EV_SETGID, EV_CAPSET,
	/* kern.h */
	EV_PTRACE, EV_LOAD_MODULE, EV_UNLOAD_MODULE, EV_BPF, EV_MEMFD, EV_MOUNT,
	EV_UMOUNT, EV_PRCTL, EV_SIGNAL,
	EV_MAX
};

/* The process context of every event, read from the task in the kernel. */
struct proc_ctx {
	__u32 pid;             /* thread group id */
	__u32 tid;
	__u32 ppid;            /* real parent's thread group id */
	__u32 uid, gid, euid, egid;
	__u32 auid;            /* login uid, 4294967295 when unset */
	__u64 start_ns;        /* task start, ns since boot (CLOCK_BOOTTIME) */
	__u64 cgroup_id;       /* cgroup v2 id (the cgroup directory's inode) */
	char comm[TASK_COMM_LEN];
	char tty[TTY_NAME_LEN];
	char cgroup[CGROUP_NAME_LEN]; /* leaf cgroup name: holds the container id */
};

struct event_hdr {
	__u32 type;            /* enum event_type */
	__u32 size;            /* bytes of the whole record */
	__u64 ts;              /* ns since boot (CLOCK_BOOTTIME) */
	struct proc_ctx proc;
};

/* Counters the loader reads every second (per-CPU array, index = counter). */
enum counter {
	C_KERNEL_EVENTS = 0,   /* records written into the ring buffer */
	C_KERNEL_DROPS,        /* records lost: ring buffer full */
	C_TRUNCATED,           /* strings cut to fit */
	C_MAX
};

/* Path flags, in the `path_flags` field of families that carry paths. */
#define PATH_TRUNCATED 1   /* deeper than PATH_DEPTH or longer than STR_MAX */

#endif
