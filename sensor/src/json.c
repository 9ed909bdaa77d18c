/* json.c - JSON writers into a growable buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

static void grow(struct buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 65536;
	b->p = realloc(b->p, b->cap);
	if (!b->p) {
		perror("workbench-sensor: out of memory");
		exit(1);
	}
}

void buf_put(struct buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	grow(b, 128); /* most fields fit: format once */
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if ((size_t)n >= b->cap - b->len) {
		grow(b, n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += n;
}

/* length of a valid UTF-8 sequence at s (at most n bytes), 0 if invalid */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) { len = 2; cp = s[0] & 0x1f; }
	else if ((s[0] & 0xf0) == 0xe0) { len = 3; cp = s[0] & 0x0f; }
	else if ((s[0] & 0xf8) == 0xf0) { len = 4; cp = s[0] & 0x07; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void buf_str(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	grow(b, n * 2 + 2);
	b->p[b->len++] = '"';
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		size_t l;

		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', c };
			buf_put(b, esc, 2);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\u%04x", c);
			i++;
		} else if ((l = utf8_len(u + i, n - i)) > 0) {
			buf_put(b, s + i, l);
			i += l;
		} else {
			buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD */
			i++;
		}
	}
	buf_put(b, "\"", 1);
}

void buf_cstr(struct buf *b, const char *s)
{
	buf_str(b, s ? s : "", s ? strlen(s) : 0);
}

void buf_kstr(struct buf *b, const char *key, const char *s)
{
	buf_printf(b, "\"%s\":", key);
	buf_cstr(b, s);
	buf_put(b, ",", 1);
}

void buf_ku64(struct buf *b, const char *key, uint64_t v)
{
	buf_printf(b, "\"%s\":%llu,", key, (unsigned long long)v);
}

void buf_ki64(struct buf *b, const char *key, int64_t v)
{
	buf_printf(b, "\"%s\":%lld,", key, (long long)v);
}

void buf_close(struct buf *b, char c)
{
	if (b->len && b->p[b->len - 1] == ',')
		b->len--;
	buf_put(b, &c, 1);
}
