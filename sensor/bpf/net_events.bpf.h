// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * net_events.bpf.h - network events: connect, accept, bind, listen.
 * Part of sensor.bpf.c (one compilation unit: it includes this file in order).
 */
/* The socket behind fd, or NULL. */
static struct sock *fd_sock(int fd)
{
	struct file *f = fd_file(fd);
	struct socket *so;

	if (!f || (BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	so = BPF_CORE_READ(f, private_data);
	return BPF_CORE_READ(so, sk);
}

static __noinline int on_net(struct pt_regs *regs, __u32 nr, __u32 type, long ret)
{
	struct net_event *e = new_event(type);
	struct sock *sk;

	if (!e)
		return 0;
	e->retval = ret;
	e->syscall = nr;
	e->backlog = 0;
	__builtin_memset(&e->addr6, 0, sizeof(e->addr6));
	if (nr == NR_accept || nr == NR_accept4) {
		if (ret < 0) /* mostly EAGAIN from non-blocking servers */
			return 0;
		sk = fd_sock(ret);
	} else {
		sk = fd_sock(ARG0);
	}
	if (!sk)
		return 0;
	e->protocol = BPF_CORE_READ(sk, sk_protocol);
	e->sock_type = BPF_CORE_READ(sk, sk_type);

	if (nr == NR_connect || nr == NR_bind) {
		struct sockaddr_in6 sa = {}; /* large enough for sockaddr_in */
		bpf_probe_read_user(&sa, sizeof(sa), (void *)ARG1);
		e->family = sa.sin6_family;
		if (e->family == 2 /* AF_INET */) {
			struct sockaddr_in *in = (void *)&sa;
			e->port = bpf_ntohs(in->sin_port);
			e->addr4 = in->sin_addr.s_addr;
		} else if (e->family == 10 /* AF_INET6 */) {
			e->port = bpf_ntohs(sa.sin6_port);
			__builtin_memcpy(&e->addr6, &sa.sin6_addr, 16);
		}
	} else { /* accept: the peer; listen: the local address */
		e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
		if (nr == NR_listen) {
			e->backlog = ARG1;
			e->port = BPF_CORE_READ(sk, __sk_common.skc_num);
			if (e->family == 2)
				BPF_CORE_READ_INTO(&e->addr4, sk, __sk_common.skc_rcv_saddr);
			else
				BPF_CORE_READ_INTO(&e->addr6, sk, __sk_common.skc_v6_rcv_saddr);
		} else {
			e->port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
			if (e->family == 2)
				BPF_CORE_READ_INTO(&e->addr4, sk, __sk_common.skc_daddr);
			else
				BPF_CORE_READ_INTO(&e->addr6, sk, __sk_common.skc_v6_daddr);
		}
	}
	if (e->family != 2 && e->family != 10) /* unix sockets and the like: not ours */
		return 0;
	fill_current(&e->hdr);
	submit(e, sizeof(*e));
	return 0;
}
