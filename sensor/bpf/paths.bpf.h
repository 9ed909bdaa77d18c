// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * paths.bpf.h - strings and paths into an event's string area; the read filter.
 * Part of sensor.bpf.c (one compilation unit: it includes this file in order).
 */
/* ---- strings and paths into an event's string area ---- */

static __u32 put_user_str(char *data, __u32 off, const void *s, __u8 *pflags)
{
	long n;

	if (off >= HALF)
		return off;
	n = s ? bpf_probe_read_user_str(&data[AT(off)], STR_MAX, s) : -1;
	if (n <= 0) {
		data[AT(off)] = 0;
		n = 1;
	}
	if (n == STR_MAX)
		*pflags |= PATH_TRUNCATED;
	return off + n;
}

static __u32 put_kernel_str(char *data, __u32 off, const void *s)
{
	long n;

	if (off >= HALF)
		return off;
	n = s ? bpf_probe_read_kernel_str(&data[AT(off)], STR_MAX, s) : -1;
	if (n <= 0) {
		data[AT(off)] = 0;
		n = 1;
	}
	return off + n;
}

/*
 * Write the absolute path of (dentry, vfsmount) at data[off], without the
 * final NUL ("" for the root). Walks up to PATH_DEPTH levels towards the
 * root, crossing mount points, building the path backwards in scratch.
 */
static __noinline __u32 put_dentry_path(char *data, __u32 off, struct dentry *d,
					struct vfsmount *vfsmnt, __u8 *pflags)
{
	__u32 zero = 0, pos, n;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	struct mount *mnt = container_of(vfsmnt, struct mount, mnt);

	if (!s || off >= HALF)
		return off;
	s->pos = SCRATCH / 2;
	s->done = 0;
	for (int i = 0; i < PATH_DEPTH; i++) {
		struct dentry *root = BPF_CORE_READ(vfsmnt, mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);

		if (d == root || d == parent) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
			if (d == root && up != mnt) { /* cross into the parent mount */
				d = BPF_CORE_READ(mnt, mnt_mountpoint);
				mnt = up;
				vfsmnt = &up->mnt;
				continue;
			}
			s->done = 1;
			break;
		}
		n = BPF_CORE_READ(d, d_name.len);
		if (n > 255)
			n = 255;
		pos = s->pos;
		if (pos > SCRATCH / 2 || pos < n + 2)
			break;
		pos -= n;
		bpf_probe_read_kernel(&s->buf[pos & (SCRATCH / 2 - 1)], n & 255,
				      BPF_CORE_READ(d, d_name.name));
		pos -= 1;
		s->buf[pos & (SCRATCH / 2 - 1)] = '/';
		s->pos = pos;
		d = parent;
	}
	if (!s->done)
		*pflags |= PATH_TRUNCATED;
	pos = s->pos;
	if (pos > SCRATCH / 2)
		return off;
	n = SCRATCH / 2 - pos;
	if (n > 0 && n < SCRATCH / 2)
		bpf_probe_read_kernel(&data[AT(off)], n & (SCRATCH / 2 - 1),
				      &s->buf[pos & (SCRATCH / 2 - 1)]);
	return off + n;
}

static struct file *fd_file(int fd)
{
	struct file **fds, *f = NULL;
	unsigned int max;

	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)) {
		/* 5.11+: plain loads through BTF pointers, much cheaper than probe reads */
		struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
		max = fdt->max_fds;
		fds = fdt->fd;
	} else {
		struct task_struct *t = (struct task_struct *)bpf_get_current_task();
		struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
		max = BPF_CORE_READ(fdt, max_fds);
		fds = BPF_CORE_READ(fdt, fd);
	}
	if (fd < 0 || fd >= max)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The directory a relative path starts from: the cwd or the dirfd's file. */
static __u32 put_dir(char *data, __u32 off, int dfd, __u8 *pflags)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct path p;

	if (dfd == AT_FDCWD) {
		BPF_CORE_READ_INTO(&p, t, fs, pwd);
	} else {
		struct file *f = fd_file(dfd);
		if (!f)
			return off;
		BPF_CORE_READ_INTO(&p, f, f_path);
	}
	return put_dentry_path(data, off, p.dentry, p.mnt, pflags);
}

static __u32 end_str(char *data, __u32 off)
{
	if (off < HALF)
		data[AT(off)] = 0;
	return off + 1;
}

/* The absolute path of an open file descriptor (a NUL-terminated string). */
static __u32 put_fd_path(char *data, __u32 off, int fd, __u8 *pflags)
{
	__u32 start = off;

	if (fd != AT_FDCWD && !fd_file(fd)) /* a bad descriptor names nothing */
		return end_str(data, off);
	off = put_dir(data, off, fd, pflags);
	if (off == start && off < HALF)
		data[AT(off++)] = '/'; /* the root itself */
	return end_str(data, off);
}

/*
 * The path a *at() syscall names: absolute paths as given; relative ones
 * after the directory of dfd (or the cwd); an empty or NULL path names dfd.
 */
static __u32 put_path(char *data, __u32 off, int dfd, const char *upath, __u8 *pflags)
{
	char c = 0;

	if (upath)
		bpf_probe_read_user(&c, 1, upath);
	if (!c)
		return put_fd_path(data, off, dfd, pflags);
	if (c != '/') {
		off = put_dir(data, off, dfd, pflags);
		if (off < HALF)
			data[AT(off++)] = '/';
	}
	return put_user_str(data, off, upath, pflags);
}

/* Does the string at data[start] begin with one of the n prefixes? */
static bool match_prefix(const char *data, __u32 start, const volatile char (*prefix)[PREFIX_LEN], __u32 n)
{
	for (int i = 0; i < MAX_PREFIXES; i++) {
		if (i >= n)
			return false;
		for (int j = 0; j < PREFIX_LEN; j++) {
			char p = prefix[i][j];
			if (!p)
				return true;
			if (data[AT(start + j)] != p)
				break;
		}
	}
	return false;
}

/* kernels before 6.14 keep short names in d_iname, later ones in d_shortname */
struct dentry___iname {
	unsigned char d_iname[32];
} __attribute__((preserve_access_index));

/*
 * The first NAME_LEN bytes of d's name into buf, and its parent, with one
 * probe read for the usual short names (kept inside the dentry) instead of
 * three: the read filter runs on every read-only open.
 */
static __always_inline bool dentry_name(struct dentry *d, char *buf, struct dentry **parent)
{
	struct { __u64 raw[12]; } head; /* d_parent .. the inline name */
	__u32 base = bpf_core_field_offset(struct dentry, d_parent);
	__u32 name = bpf_core_field_offset(struct dentry, d_name) + bpf_core_field_offset(struct qstr, name);
	__u32 inl;
	__u64 ptr;

	if (bpf_core_field_exists(struct dentry, d_shortname))
		inl = bpf_core_field_offset(struct dentry, d_shortname);
	else
		inl = bpf_core_field_offset(struct dentry___iname, d_iname);
	if (name - base > sizeof(head) - 8 || inl - base > sizeof(head) - NAME_LEN ||
	    bpf_probe_read_kernel(&head, sizeof(head), (char *)d + base))
		return false;
	*parent = (struct dentry *)head.raw[0];
	ptr = *(__u64 *)((char *)&head + ((name - base) & 0x7f));
	if (ptr == (__u64)d + inl) {
		__builtin_memcpy(buf, (char *)&head + ((inl - base) & 0x3f), NAME_LEN);
		buf[NAME_LEN - 1] = 0;
		return true;
	}
	return bpf_probe_read_kernel_str(buf, NAME_LEN, (void *)ptr) > 0;
}

/*
 * A read-only open is worth resolving when the path as written starts with a
 * read prefix, or when the opened file or its directory has a name that starts
 * with the last component of one: "/etc/shadow" makes "shadow" and
 * "shadow-" candidates, "/root/.ssh/" the files directly in any ".ssh".
 * Resolving every read costs ~1 us; this test costs a few loads.
 */
static __noinline bool read_candidate(int fd, const char *upath)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	struct file *f = fd_file(fd);
	struct dentry *d;

	__u64 head;
	bool maybe = true;

	if (!s || !f)
		return false;
	/* most paths differ from every prefix in their first 8 bytes: one fixed-size read tells */
	if (!bpf_probe_read_user(&head, sizeof(head), upath)) {
		maybe = false;
		for (int i = 0; i < MAX_PREFIXES; i++) {
			if (i >= n_read_prefix)
				break;
			if ((head & read_head_mask[i]) == read_head[i]) {
				maybe = true;
				break;
			}
		}
	}
	if (maybe && bpf_probe_read_user_str(s->buf, PREFIX_LEN, upath) > 0 && s->buf[0] == '/' &&
	    match_prefix(s->buf, 0, read_prefix, n_read_prefix))
		return true;
	d = BPF_CORE_READ(f, f_path.dentry);
	for (int level = 0; level < 2; level++) {
		if (!dentry_name(d, s->buf, &d))
			return false;
		for (int i = 0; i < MAX_PREFIXES; i++) {
			if (i >= n_read_prefix)
				break;
			for (int j = 0; j < NAME_LEN; j++) {
				char p = read_name[i][j];
				if (!p)
					return true;
				if (s->buf[j] != p)
					break;
			}
		}
	}
	return false;
}
