/* json.h - a growable output buffer with the few JSON writers the sensor needs. */
#ifndef WB_JSON_H
#define WB_JSON_H
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *p;
	size_t len, cap;
};

void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* a JSON string, quoted and escaped; n bytes of s (invalid UTF-8 becomes U+FFFD) */
void buf_str(struct buf *b, const char *s, size_t n);
void buf_cstr(struct buf *b, const char *s);
/* "key":"value" and "key":number, each followed by a comma */
void buf_kstr(struct buf *b, const char *key, const char *s);
void buf_ku64(struct buf *b, const char *key, uint64_t v);
void buf_ki64(struct buf *b, const char *key, int64_t v);
/* drop a trailing comma before closing an object */
void buf_close(struct buf *b, char c);

#endif
