/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* net.h - connect, accept, bind, listen on IPv4 and IPv6 sockets. */
#ifndef WB_NET_H
#define WB_NET_H
#include "common.h"

struct net_event {
	struct event_hdr hdr;
	__s64 retval;
	__u32 syscall;
	__u16 family;          /* AF_INET, AF_INET6 */
	__u16 port;            /* host byte order */
	union {                /* network byte order */
		__u32 addr4;
		__u8 addr6[16];
	};
	__u16 protocol;        /* IPPROTO_TCP, IPPROTO_UDP, ... */
	__u16 sock_type;       /* SOCK_STREAM, SOCK_DGRAM, ... */
	__u32 backlog;         /* listen */
};

#endif
