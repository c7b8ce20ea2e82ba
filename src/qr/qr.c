/* QR codes through libqrencode, the only file that includes qrencode.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <qrencode.h>
#include "qr.h"
#include "../util/util.h"

static int text_is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Non-ASCII text needs an ECI 26 (UTF-8) header: without it phone readers
 * (zbar among them) guess Shift-JIS and show the Vietnamese letters wrong. */
static QRcode *qr_encode_utf8(const char *text)
{
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
	QRcode *code = NULL;
	int err = 0;

	if (!in)
		return NULL;
	if (QRinput_appendECIheader(in, 26) < 0 ||
	    QRinput_append(in, QR_MODE_8, (int)strlen(text), (const unsigned char *)text) < 0) {
		err = errno;
		goto out;
	}
	code = QRcode_encodeInput(in);
	err = errno;
out:
	QRinput_free(in);
	errno = err;
	return code;
}

struct qr *qr_make(const char *text, struct pos at)
{
	QRcode *code;
	struct qr *q;
	size_t len = text ? strlen(text) : 0;
	int i, n;

	if (len == 0) {
		diag_error(at, "the QR code has no text: write the link it should hold after \"qr:\"");
		return NULL;
	}
	errno = 0;
	if (text_is_ascii(text))
		/* casesensitive = 1: 0 would upper-case the link and break it */
		code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	else
		code = qr_encode_utf8(text);
	if (!code) {
		if (errno == ERANGE)
			diag_error(at, "the QR code text is %zu bytes long; a QR code holds at most about "
				   "2,300: shorten the link", len);
		else
			diag_error(at, "cannot make a QR code of this text (%s)", strerror(errno ? errno : EINVAL));
		return NULL;
	}
	n = code->width;
	q = xcalloc(1, sizeof *q);
	q->width = n;
	q->dark = xmalloc((size_t)n * (size_t)n);
	for (i = 0; i < n * n; i++)
		q->dark[i] = code->data[i] & 1;
	q->text = xstrdup(text);
	QRcode_free(code);
	return q;
}

void qr_free(struct qr *q)
{
	if (!q)
		return;
	free(q->dark);
	free(q->text);
	free(q);
}

int qr_runs(const struct qr *q, void (*fn)(int r, int c0, int c1, void *ctx), void *ctx)
{
	int n = q ? q->width : 0, r, col, runs = 0;

	for (r = 0; r < n; r++) {
		col = 0;
		while (col < n) {
			int start;
			if (!q->dark[r * n + col]) {
				col++;
				continue;
			}
			start = col;
			while (col < n && q->dark[r * n + col])
				col++;
			fn(r, start, col, ctx);
			runs++;
		}
	}
	return runs;
}
