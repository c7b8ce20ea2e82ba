/* phat sign: one visible PAdES signature per run, in the place and the
 * look Nghị định 30/2020 prescribes (Phụ lục I, Phần I, Mục II khoản 7
 * and 8): the signer's picture (blue, transparent background) centred
 * between the title and the name, then the agency's seal (red, real size)
 * over the left third of it. Keys from a PKCS#12 file, a PKCS#11 token, or
 * a remote service in two steps (--prepare, --finish).
 *
 * Order of work: every check that can refuse comes before anything is
 * written, and the file is written whole (temporary file, then rename). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "sign.h"
#include "cms.h"
#include "pades.h"
#include "tail.h"
#include "../font/font.h"
#include "../image/image.h"
#include "../layout/box.h"
#include "../util/diag.h"

#define EXIT_CONTENT 1
#define EXIT_USAGE 2
#define PDF_MAX ((size_t)1 << 30)

#define PIC_MAX_W MM(60)          /* the widest signature picture: with a seal
				   * of up to 40 mm over its left third, the
				   * seal stays in the signer's column */
#define PIC_MARGIN MM(1)          /* between the picture and the lines */
#define SEAL_MM_DEFAULT 36.0

static const char sign_usage[] =
	"usage: phat sign --as nguoi-ky|co-quan --image PICTURE.png [KEY] [-o OUT.pdf] FILE.pdf\n"
	"  KEY: --p12 FILE.p12                     password in PHAT_PASSWORD, or asked\n"
	"       --pkcs11 MODULE.so --token LABEL --key LABEL [--cert CERT.pem]\n"
	"                                          PIN in PHAT_PIN, or asked\n"
	"       --cert CERT.pem --prepare          a remote service signs the printed hash\n"
	"  --seal-mm MM    the seal's real diameter (co-quan; default 36)\n"
	"  --tsa URL       add a time-stamp from this RFC 3161 server (PAdES B-T)\n"
	"  --pss           RSASSA-PSS instead of PKCS#1 v1.5\n"
	"  --appendix-of SO  (co-quan) the file is an appendix sent apart from document SO\n"
	"                  (e.g. 05/UBND-VP): no picture, SO and the time top right of page 1\n"
	"       phat sign --finish SIGNATURE FILE.cho-ky.pdf\n"
	"                  SIGNATURE: the service's answer (base64), or a file holding it\n";

enum role { ROLE_NONE, ROLE_SIGNER, ROLE_AGENCY };

struct sign_opts {
	enum role role;
	const char *in, *out, *image, *p12, *module, *token, *key, *cert, *tsa, *finish;
	const char *appendix_of;  /* số và ký hiệu of the document a separate
				   * appendix file goes with */
	double seal_mm;
	int pss, prepare;
};

/* ---- small helpers ---- */

static time_t sign_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (e && *e) {
		v = strtoll(e, &end, 10);
		if (!*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

/* A secret from the environment (wiped there after reading, so it does
 * not stay in /proc/PID/environ) or asked on the terminal without echo.
 * Caller cleanses and frees. NULL after an error. */
static char *sign_secret(const char *env, const char *what)
{
	char *v = getenv(env), *ret;
	char line[512];
	struct termios old, quiet;
	FILE *tty;
	size_t n;

	if (v) {
		ret = xstrdup(v);
		cms_cleanse(v, strlen(v));
		unsetenv(env);
		return ret;
	}
	tty = fopen("/dev/tty", "r+");
	if (!tty) {
		fprintf(stderr, "phat: error: the %s is needed: set %s (never on the command line)\n", what, env);
		return NULL;
	}
	fprintf(tty, "%s: ", what);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	ret = fgets(line, sizeof line, tty) ? xstrdup(line) : NULL;
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	cms_cleanse(line, sizeof line);
	if (!ret)
		return NULL;
	n = strlen(ret);
	while (n > 0 && (ret[n - 1] == '\n' || ret[n - 1] == '\r'))
		ret[--n] = '\0';
	return ret;
}

static void secret_free(char *s)
{
	if (s) {
		cms_cleanse(s, strlen(s));
		free(s);
	}
}

/* OUT for IN: "x.pdf" -> "x-da-ky.pdf" after the signer, "x-da-ky.pdf" ->
 * "x-ban-hanh.pdf" after the agency (the dispatch is issued). */
static char *default_out(const char *in, enum role role)
{
	size_t n = strlen(in);
	const char *suffix = role == ROLE_SIGNER ? "-da-ky.pdf" : "-ban-hanh.pdf";

	if (n > 4 && strcmp(in + n - 4, ".pdf") == 0)
		n -= 4;
	if (role == ROLE_AGENCY && n > 6 && strncmp(in + n - 6, "-da-ky", 6) == 0)
		n -= 6;
	return xasprintf("%.*s%s", (int)n, in, suffix);
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Writes b to path whole (temporary file, then rename). Ctrl-C waits for
 * the few milliseconds this takes, so it never leaves a temporary file. */
static int write_file(const char *path, const struct buf *b)
{
	sigset_t block, old;
	int r;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	r = file_write_atomic(path, b->data, b->len);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (r != 0) {
		diag_error(pos_file(path), "could not write the file: %s (is the disk full, or the folder "
			   "read-only?)", strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- the document ---- */

struct signed_doc {
	char *bytes;
	size_t n;
	struct tail *t;
	struct tail_field *f;
	size_t nf;
	struct tail_field *signer, *agency;
};

static void doc_fini(struct signed_doc *d)
{
	tail_fields_free(d->f, d->nf);
	tail_free(d->t);
	free(d->bytes);
	memset(d, 0, sizeof *d);
}

/* Whether every signature already on the file is intact, and nothing
 * was changed after the newest one. */
static int check_signatures(struct signed_doc *d, const char *name, int phat_fields)
{
	size_t i, newest_end = 0;
	int any = 0;

	for (i = 0; i < d->nf; i++) {
		struct tail_sig s;
		struct cms_report r;
		const char *why;

		if (!d->f[i].sig)
			continue;
		any = 1;
		if (tail_sig_read(d->t, d->f[i].sig, &s, &why) != 0) {
			diag_error(pos_file(name), "the signature \"%s\" already on this PDF is broken: %s", d->f[i].name, why);
			return -1;
		}
		cms_verify(s.cms, s.cms_len, d->t->p, s.range[1], d->t->p + s.range[2], s.range[3], NULL, &r);
		if (!r.intact) {
			diag_error(pos_file(name), "the signature \"%s\" already on this PDF no longer matches the "
				   "document (%s): ask for the file as it was signed", d->f[i].name,
				   r.why ? r.why : "it cannot be read");
			cms_report_fini(&r);
			tail_sig_fini(&s);
			return -1;
		}
		cms_report_fini(&r);
		if (s.range[2] + s.range[3] > newest_end)
			newest_end = s.range[2] + s.range[3];
		tail_sig_fini(&s);
	}
	if (any && newest_end != d->n) {
		diag_error(pos_file(name), "this PDF was changed after its last signature (%zu bytes added): "
			   "ask for the file as it was signed", d->n - newest_end);
		return -1;
	}
	if (!any && phat_fields) {
		/* unsigned: the newest update must be phat's own, adding only the
		 * fields (catalog, information, form, the page, the widgets) */
		size_t n, k;
		long *objs = tail_newest(d->t, &n);
		const struct tail_val *form = tail_dict(tail_object(d->t, d->t->root), "AcroForm");
		for (k = 0; k < n; k++) {
			long o = objs[k];
			if (o == d->t->root || o == d->t->info || (form && form->type == TV_REF && o == form->ref) ||
			    o == d->signer->obj || o == d->agency->obj || o == d->signer->page)
				continue;
			free(objs);
			diag_error(pos_file(name), "this PDF was changed after phat made it (by another program): "
				   "build it again with phat and sign that file");
			return -1;
		}
		free(objs);
	}
	return 0;
}

/* Reads the PDF at path. With phat_fields it must be a dispatch or report
 * phat built (its NguoiKy and CoQuan fields), else any PDF in a form the
 * signer reads. 0, or -1 after diag_error. */
static int doc_open(struct signed_doc *d, const char *path, int phat_fields)
{
	const char *why;
	size_t i;

	memset(d, 0, sizeof *d);
	d->bytes = file_read(path, PDF_MAX, &d->n);
	if (!d->bytes) {
		diag_error(pos_file(path), "cannot read this file: %s", strerror(errno));
		return -1;
	}
	d->t = tail_open((const unsigned char *)d->bytes, d->n, &why);
	if (!d->t) {
		diag_error(pos_file(path), "%s", why);
		return -1;
	}
	{
		/* the newest revision must end the file: else its real end (and
		 * startxref) was cut off, and an older version would be signed */
		size_t end = d->t->revs[0].end;
		while (end < d->n && strchr(" \t\r\n", d->bytes[end]))
			end++;
		if (end != d->n) {
			diag_error(pos_file(path), "this PDF has %zu bytes after its last complete version (after its "
				   "last \"startxref\"): it was cut short, or changed after it was made or signed; ask for "
				   "the file as it was sent", d->n - end);
			return -1;
		}
	}
	if (d->t->has_xref_stream) {
		diag_error(pos_file(path), "this PDF was not written by phat (it uses cross-reference streams, a "
			   "form phat does not sign yet): sign the PDF phat built");
		return -1;
	}
	d->f = tail_fields(d->t, &d->nf);
	for (i = 0; i < d->nf; i++) {
		if (strcmp(d->f[i].name, SIGN_FIELD_SIGNER) == 0)
			d->signer = &d->f[i];
		else if (strcmp(d->f[i].name, SIGN_FIELD_AGENCY) == 0)
			d->agency = &d->f[i];
	}
	if (!phat_fields)
		return check_signatures(d, path, 0);
	if (!d->signer || !d->agency || d->signer->rect[2] - d->signer->rect[0] < 10 ||
	    d->agency->rect[2] - d->agency->rect[0] < 10 || !d->signer->page) {
		diag_error(pos_file(path), "this PDF has no place for the decree's signatures (fields %s and %s): "
			   "sign a dispatch or report built by this version of phat", SIGN_FIELD_SIGNER,
			   SIGN_FIELD_AGENCY);
		return -1;
	}
	return check_signatures(d, path, 1);
}

/* The document's number and date as phat wrote them at build time
 * (/SoKyHieu, /NgayBanHanh): a draft cannot be signed, since nothing on
 * the page may change after a signature (the number cannot be typed in
 * afterwards). */
static int check_number(struct signed_doc *d, const char *path)
{
	const struct tail_val *info = d->t->info ? tail_object(d->t, d->t->info) : NULL;
	const struct tail_val *so = tail_key(d->t, info, "SoKyHieu"), *ngay = tail_key(d->t, info, "NgayBanHanh");

	if (so && ngay && so->type == TV_STR && ngay->type == TV_STR && so->len && ngay->len)
		return 0;
	diag_error(pos_file(path), "this is a draft: it has no number (so:) and date (ngay:) yet. A signed page "
		   "can never change again, so the văn thư gives the number and the date first (so: and ngay: "
		   "in the front matter), phat builds it again, and then it is signed");
	return -1;
}

/* ---- the pictures ---- */

/* Loads the signature (blue) or seal (red) picture: a PNG with a
 * transparent background, its visible pixels of the right colour family
 * (the project's signature notes, §1.2). NULL after diag_error. */
static struct image *load_picture(const char *path, enum role role)
{
	struct image *img = image_load(path, pos_file(path));
	size_t i, n, ink = 0, good = 0;
	const char *colour = role == ROLE_SIGNER ? "blue" : "red";

	if (!img)
		return NULL;
	if (img->jpeg || !img->pixels) {
		diag_error(pos_file(path), "the %s picture must be a PNG with a transparent background; this is "
			   "a JPEG (which has no transparency): save it as PNG with the background removed",
			   role == ROLE_SIGNER ? "signature" : "seal");
		goto fail;
	}
	if (!img->alpha) {
		diag_error(pos_file(path), "the %s picture must have a transparent background; this PNG has "
			   "none, so it would cover the text: save it with the background removed",
			   role == ROLE_SIGNER ? "signature" : "seal");
		goto fail;
	}
	n = (size_t)img->width * img->height;
	for (i = 0; i < n; i++) {
		int r, g, b;
		if (img->alpha[i] < 128)
			continue;
		ink++;
		if (img->channels == 1) {
			r = g = b = img->pixels[i];
		} else {
			r = img->pixels[3 * i];
			g = img->pixels[3 * i + 1];
			b = img->pixels[3 * i + 2];
		}
		if (role == ROLE_SIGNER ? (b > r + 16 && b > g + 16) : (r >= 128 && r > g + 60 && r > b + 60))
			good++;
	}
	if (ink == 0) {
		diag_error(pos_file(path), "the %s picture is entirely transparent", role == ROLE_SIGNER ? "signature" : "seal");
		goto fail;
	}
	if (good * 10 < ink * 8) {
		diag_error(pos_file(path), "the %s picture must be %s (Nghị định 30: the signature's picture is "
			   "blue, the seal's red); only %zu%% of what it shows is %s", role == ROLE_SIGNER ? "signature"
			   : "seal", colour, good * 100 / ink, colour);
		goto fail;
	}
	return img;
fail:
	image_free(img);
	return NULL;
}

/* Where the picture goes (PDF points, x1 y1 x2 y2).
 * The signer's: centred in the space the layout left between the title and
 * the name (the NguoiKy field), as large as fits with 1 mm to spare, at
 * most 60 mm wide. The seal: a square of its real diameter, its right edge
 * a third of the way into the signature picture, its centre level with it
 * (NĐ 30 Điều 33; "trùm khoảng 1/3 hình ảnh chữ ký số … về bên trái"),
 * never left of the signer's column. */
static int place(const struct signed_doc *d, const struct sign_opts *o, const struct image *img, double r[4],
		 const char *path)
{
	if (o->role == ROLE_SIGNER) {
		const double *s = d->signer->rect;
		double bw = s[2] - s[0], bh = s[3] - s[1] - 2 * PIC_MARGIN;
		double k, w, h, cx = (s[0] + s[2]) / 2, cy = (s[1] + s[3]) / 2;
		if (bw > PIC_MAX_W)
			bw = PIC_MAX_W;
		k = bw / img->width < bh / img->height ? bw / img->width : bh / img->height;
		w = img->width * k;
		h = img->height * k;
		r[0] = cx - w / 2;
		r[1] = cy - h / 2;
		r[2] = cx + w / 2;
		r[3] = cy + h / 2;
	} else {
		const double *p = d->signer->rect, *col = d->agency->rect;
		double side = MM(o->seal_mm), cy = (p[1] + p[3]) / 2;
		r[2] = p[0] + (p[2] - p[0]) / 3;
		r[0] = r[2] - side;
		if (r[0] < col[0]) {
			diag_warning(pos_file(path), "a seal of %.0f mm would reach into the \"Nơi nhận\" column: it is "
				     "moved right and covers more of the signature than a third", o->seal_mm);
			r[0] = col[0];
			r[2] = r[0] + side;
		}
		r[1] = cy - side / 2;
		r[3] = cy + side / 2;
	}
	return 0;
}

/* An appendix sent as its own file (the project's signature notes, §1.2):
 * only the agency signs it, once; a dispatch or report phat built holds
 * its appendices in the same file, and they get no signature of their
 * own. 0, or -1 after diag_error. */
static int appendix_checks(struct signed_doc *d, const char *path)
{
	if (d->signer) {
		diag_error(pos_file(path), "this is a dispatch or report phat built, with its appendices in the same "
			   "file: they are signed with it (--as nguoi-ky, then --as co-quan), not apart");
		return -1;
	}
	if (d->agency && d->agency->sig) {
		diag_error(pos_file(path), "this appendix is already signed by the agency (field %s)", d->agency->name);
		return -1;
	}
	return 0;
}

/* The separate appendix's text and place: the document's số và ký hiệu,
 * then the signing time in ISO 8601 with Vietnam's offset (the same
 * instant as /M), 10 pt, right-aligned at the right margin (15 mm), its
 * top 10 mm from the top of the first page, inside the 20 mm margin. */
static int place_text(struct signed_doc *d, const struct sign_opts *o, struct fontset *fs, time_t when,
		      struct pades_look *look, char iso[PADES_DATE_MAX], double r[4])
{
	long page = tail_page(d->t, 0), depth;
	const struct tail_val *node = tail_object(d->t, page), *mb = NULL;
	double box[4], w, h;
	int i;

	for (depth = 0; node && !mb && depth < 32; depth++) {
		mb = tail_key(d->t, node, "MediaBox");
		node = tail_key(d->t, node, "Parent");
	}
	if (!page || !mb || mb->type != TV_ARRAY || mb->n != 4) {
		diag_error(pos_file(o->in), "the first page of this PDF has no readable size (/MediaBox)");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		const struct tail_val *x = tail_get(d->t, &mb->v[i]);
		box[i] = x && x->type == TV_NUM ? x->num : 0;
	}
	pades_iso_date(when, iso);
	look->fs = fs;
	look->lines[0] = o->appendix_of;
	look->lines[1] = iso;
	pades_text_size(look, &w, &h);
	r[2] = box[2] - MM(15);
	r[0] = r[2] - w;
	r[3] = box[3] - MM(10);
	r[1] = r[3] - h;
	return 0;
}

/* ---- keys ---- */

static struct cms_signer *load_signer(const struct sign_opts *o, const char **what)
{
	struct cms_signer *s = NULL;
	char *secret;

	if (o->p12) {
		*what = o->p12;
		secret = sign_secret("PHAT_PASSWORD", "password of the key file");
		if (!secret)
			return NULL;
		s = cms_signer_pkcs12(o->p12, secret);
		secret_free(secret);
	} else if (o->module) {
		*what = o->module;
		secret = sign_secret("PHAT_PIN", "PIN of the token");
		if (!secret)
			return NULL;
		s = cms_signer_pkcs11(o->module, o->token, o->key, secret, o->cert);
		secret_free(secret);
	} else {
		*what = o->cert;
		s = cms_signer_cert(o->cert);
	}
	if (s)
		cms_signer_set_pss(s, o->pss);
	return s;
}

/* ---- the remote flow's state ---- */

static char *state_path(const char *prepared)
{
	size_t n = strlen(prepared);

	if (n > 4 && strcmp(prepared + n - 4, ".pdf") == 0)
		n -= 4;
	return xasprintf("%.*s.txt", (int)n, prepared);
}

static char *prepared_path(const char *out)
{
	size_t n = strlen(out);

	if (n > 4 && strcmp(out + n - 4, ".pdf") == 0)
		n -= 4;
	return xasprintf("%.*s.cho-ky.pdf", (int)n, out);
}

static void hex(struct buf *b, const unsigned char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		buf_printf(b, "%02x", p[i]);
}

/* A "key: value" line of the state file, or NULL. Caller frees. */
static char *state_get(const char *text, const char *key)
{
	size_t k = strlen(key);
	const char *p = text, *e;

	while (p && *p) {
		if (strncmp(p, key, k) == 0 && p[k] == ':' && p[k + 1] == ' ') {
			e = strchr(p, '\n');
			return xstrndup(p + k + 2, e ? (size_t)(e - p - k - 2) : strlen(p + k + 2));
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* ---- signing ---- */

/* The signature's CMS over prep (signed with the key, or from the remote
 * signature sig), time-stamped when tsa is set, into the reserved bytes. */
static int finish_cms(struct cms_signer *s, struct pades_prep *prep, const unsigned char *sig, size_t sn,
		      const char *tsa, const char *what)
{
	struct cms_job *j = cms_job_new(s, prep->digest);
	struct buf der;
	int ret = -1;

	buf_init(&der);
	if (!j)
		goto out;
	if (sig ? cms_job_set_signature(j, sig, sn, what) : cms_job_sign(j, what))
		goto out;
	if (tsa && cms_job_timestamp(j, tsa))
		goto out;
	if (cms_job_der(j, &der) != 0) {
		diag_error(pos_file(what), "cannot encode the signature");
		goto out;
	}
	if (pades_fill(prep, (const unsigned char *)der.data, der.len) != 0) {
		diag_error(pos_file(what), "the signature (%zu bytes) does not fit the %zu bytes reserved for it; "
			   "nothing was written", der.len, (prep->gap_end - prep->gap_start - 2) / 2);
		goto out;
	}
	ret = 0;
out:
	buf_free(&der);
	cms_job_free(j);
	return ret;
}

/* Reads the signed file back and checks the new signature as a verifier
 * would, before anything is written. */
static int self_check(const struct pades_prep *p, const char *name)
{
	struct cms_report r;
	const unsigned char *b = (const unsigned char *)p->pdf.data;
	const unsigned char *cms = NULL;
	struct buf raw;
	size_t i;
	int ok;

	buf_init(&raw);
	for (i = p->gap_start + 1; i + 1 < p->gap_end - 1; i += 2) {
		char h[3] = { (char)b[i], (char)b[i + 1], 0 };
		buf_addc(&raw, (char)strtol(h, NULL, 16));
	}
	cms = (const unsigned char *)raw.data;
	cms_verify(cms, raw.len, b, p->gap_start, b + p->gap_end, p->pdf.len - p->gap_end, NULL, &r);
	ok = r.intact;
	if (!ok)
		diag_error(pos_file(name), "the new signature does not verify (%s); nothing was written",
			   r.why ? r.why : "unknown");
	cms_report_fini(&r);
	buf_free(&raw);
	return ok ? 0 : -1;
}

static int sign_run(struct sign_opts *o)
{
	struct signed_doc d;
	struct cms_signer *s = NULL;
	struct image *img = NULL;
	struct pades_prep prep;
	struct tail_field *field = NULL;
	struct pades_look look;
	struct fontset *fs = NULL;
	const char *what = NULL;
	char *out = NULL, *prepared = NULL, *state = NULL, *name = NULL, iso[PADES_DATE_MAX];
	time_t when = sign_now();
	double rect[4];
	int ret = EXIT_CONTENT;

	memset(&prep, 0, sizeof prep);
	memset(&look, 0, sizeof look);
	if (doc_open(&d, o->in, !o->appendix_of) != 0)
		goto out;
	if (o->appendix_of) {
		if (appendix_checks(&d, o->in) != 0)
			goto out;
		field = d.agency;   /* an empty CoQuan field of another tool, or NULL: made */
		goto appendix;
	}
	field = o->role == ROLE_SIGNER ? d.signer : d.agency;
	if (field->sig) {
		diag_error(pos_file(o->in), "this PDF is already signed in the field %s: %s signs only once",
			   field->name, o->role == ROLE_SIGNER ? "the signer" : "the agency");
		goto out;
	}
	if (o->role == ROLE_SIGNER && d.agency->sig) {
		diag_error(pos_file(o->in), "the agency has signed already: the signer signs first");
		goto out;
	}
	if (o->role == ROLE_AGENCY && !d.signer->sig) {
		diag_error(pos_file(o->in), "the signer (%s) has not signed yet: the văn thư signs with the "
			   "agency's key after the signer", SIGN_FIELD_SIGNER);
		goto out;
	}
	if (check_number(&d, o->in) != 0)
		goto out;
appendix:
	out = o->out ? xstrdup(o->out) : default_out(o->in, o->role);
	if (same_file(out, o->in) || strcmp(out, o->in) == 0) {
		diag_error(pos_file(out), "the signed file must not replace the file it signs: give another name "
			   "with -o");
		goto out;
	}
	if (o->image) {
		img = load_picture(o->image, o->role);
		if (!img)
			goto out;
		look.img = img;
	}
	s = load_signer(o, &what);
	if (!s || cms_signer_check(s, when, what) != 0)
		goto out;
	if (img) {
		place(&d, o, img, rect, o->image);
	} else {
		fs = fontset_new(NULL);
		if (!fs || place_text(&d, o, fs, when, &look, iso, rect) != 0)
			goto out;
	}
	if (pades_prepare(d.t, field, SIGN_FIELD_AGENCY, field ? 0 : tail_page(d.t, 0), &look, rect, when,
			  cms_signer_room(s, o->tsa != NULL), o->in, &prep) != 0)
		goto out;
	if (o->prepare) {
		struct buf st;
		size_t an;
		unsigned char h[32];
		struct cms_job *j = cms_job_new(s, prep.digest);
		const unsigned char *attrs;
		char *b64, *pem;

		if (!j)
			goto out;
		attrs = cms_job_attrs(j, &an);
		cms_sha256(attrs, an, NULL, 0, h);
		b64 = cms_base64(h, 32);
		cms_job_free(j);
		prepared = prepared_path(out);
		state = state_path(prepared);
		pem = cms_signer_pem(s);
		buf_init(&st);
		buf_printf(&st, "# phat sign: a signature waiting for the signing service; then run\n"
			   "#   phat sign --finish SIGNATURE %s\n", prepared);
		buf_printf(&st, "output: %s\nfield: %s\ngap: %zu %zu\nsize: %zu\ndigest: ", out,
			   field ? field->name : SIGN_FIELD_AGENCY,
			   prep.gap_start, prep.gap_end, prep.pdf.len);
		hex(&st, prep.digest, 32);
		buf_printf(&st, "\nhash: %s\npss: %d\ntsa: %s\n%s", b64, o->pss, o->tsa ? o->tsa : "", pem);
		free(pem);
		if (write_file(prepared, &prep.pdf) != 0 || write_file(state, &st) != 0) {
			unlink(prepared);
			buf_free(&st);
			free(b64);
			goto out;
		}
		buf_free(&st);
		printf("%s\n", b64);
		fprintf(stderr, "%s: note: prepared; have the signing service sign the SHA-256 above (base64), then "
			"run: phat sign --finish SIGNATURE %s\n", prepared, prepared);
		free(b64);
		ret = 0;
		goto out;
	}
	if (finish_cms(s, &prep, NULL, 0, o->tsa, what) != 0 || self_check(&prep, out) != 0)
		goto out;
	name = cms_signer_name(s);
	if (write_file(out, &prep.pdf) != 0)
		goto out;
	printf("%s -> %s (%s: %s)\n", o->in, out, field ? field->name : SIGN_FIELD_AGENCY,
	       name);
	ret = 0;
out:
	free(name);
	free(prepared);
	free(state);
	free(out);
	pades_prep_fini(&prep);
	image_free(img);
	fontset_free(fs);
	cms_signer_free(s);
	doc_fini(&d);
	return diag_error_count() && ret == 0 ? EXIT_CONTENT : ret;
}

/* The remote service's answer: base64 on the command line, or a file
 * holding base64 or the raw signature. */
static int read_signature(const char *arg, struct buf *sig)
{
	size_t n = 0;
	char *text = access(arg, R_OK) == 0 ? file_read(arg, 1 << 20, &n) : NULL;
	int ret;

	if (text) {
		ret = cms_unbase64(text, sig);
		if (ret != 0) {
			sig->len = 0;
			buf_add(sig, text, n);
			ret = 0;
		}
		free(text);
		return ret;
	}
	return cms_unbase64(arg, sig);
}

static int finish_run(const struct sign_opts *o)
{
	char *sp = state_path(o->in), *text = NULL, *out = NULL, *gap = NULL, *dig = NULL, *tsa = NULL, *pss = NULL;
	struct pades_prep prep;
	struct cms_signer *s = NULL;
	struct buf sig, want;
	size_t n = 0;
	int ret = EXIT_CONTENT;

	memset(&prep, 0, sizeof prep);
	buf_init(&sig);
	buf_init(&want);
	text = file_read(sp, 1 << 20, &n);
	if (!text) {
		diag_error(pos_file(sp), "cannot read the state of the prepared signature (%s): run phat sign "
			   "--prepare again", strerror(errno));
		goto out;
	}
	out = state_get(text, "output");
	gap = state_get(text, "gap");
	dig = state_get(text, "digest");
	tsa = state_get(text, "tsa");
	pss = state_get(text, "pss");
	if (!out || !gap || !dig || !pss || sscanf(gap, "%zu %zu", &prep.gap_start, &prep.gap_end) != 2) {
		diag_error(pos_file(sp), "this state file is damaged: run phat sign --prepare again");
		goto out;
	}
	prep.pdf.data = file_read(o->in, PDF_MAX, &prep.pdf.len);
	if (!prep.pdf.data) {
		diag_error(pos_file(o->in), "cannot read the prepared file: %s", strerror(errno));
		goto out;
	}
	prep.pdf.cap = prep.pdf.len + 1;
	if (pades_reopen(&prep) != 0) {
		diag_error(pos_file(o->in), "this is not the prepared file (its reserved signature is not empty)");
		goto out;
	}
	hex(&want, prep.digest, 32);
	if (strcmp(buf_str(&want), dig) != 0) {
		diag_error(pos_file(o->in), "the prepared file was changed after --prepare: prepare it again");
		goto out;
	}
	if (read_signature(o->finish, &sig) != 0 || sig.len == 0) {
		diag_error(pos_file(o->finish), "the signature is neither base64 nor a file holding one");
		goto out;
	}
	s = cms_signer_cert(sp);
	if (!s)
		goto out;
	cms_signer_set_pss(s, atoi(pss));
	if (cms_signer_made(s, (const unsigned char *)sig.data, sig.len, (const unsigned char *)prep.pdf.data,
			    prep.gap_start, (const unsigned char *)prep.pdf.data + prep.gap_end,
			    prep.pdf.len - prep.gap_end)) {
		/* a service that builds the whole CMS itself: taken as it is
		 * once it signs exactly these bytes with this certificate */
		if (tsa && *tsa) {
			diag_error(pos_file(o->finish), "the service returned a whole signature: the time-stamp "
				   "(--tsa) must then come from the service; prepare again without --tsa");
			goto out;
		}
		if (pades_fill(&prep, (const unsigned char *)sig.data, sig.len) != 0) {
			diag_error(pos_file(o->finish), "the signature (%zu bytes) does not fit the room reserved for "
				   "it; nothing was written", sig.len);
			goto out;
		}
	} else if (finish_cms(s, &prep, (const unsigned char *)sig.data, sig.len, tsa && *tsa ? tsa : NULL,
			      o->finish) != 0) {
		goto out;
	}
	if (self_check(&prep, out) != 0)
		goto out;
	if (write_file(out, &prep.pdf) != 0)
		goto out;
	printf("%s -> %s\n", o->in, out);
	ret = 0;
out:
	cms_signer_free(s);
	pades_prep_fini(&prep);
	buf_free(&sig);
	buf_free(&want);
	free(sp);
	free(text);
	free(out);
	free(gap);
	free(dig);
	free(tsa);
	free(pss);
	return ret;
}

static int usage(void)
{
	fputs(sign_usage, stderr);
	return EXIT_USAGE;
}

int sign_main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "as", required_argument, NULL, 'a' },
		{ "image", required_argument, NULL, 'i' },
		{ "p12", required_argument, NULL, 'P' },
		{ "pkcs11", required_argument, NULL, 'm' },
		{ "token", required_argument, NULL, 't' },
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "tsa", required_argument, NULL, 'T' },
		{ "seal-mm", required_argument, NULL, 's' },
		{ "pss", no_argument, NULL, 'p' },
		{ "prepare", no_argument, NULL, 'r' },
		{ "finish", required_argument, NULL, 'f' },
		{ "appendix-of", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sign_opts o;
	int opt, keys;
	char *end;

	memset(&o, 0, sizeof o);
	o.seal_mm = SEAL_MM_DEFAULT;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", longs, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if (strcmp(optarg, "nguoi-ky") == 0)
				o.role = ROLE_SIGNER;
			else if (strcmp(optarg, "co-quan") == 0)
				o.role = ROLE_AGENCY;
			else {
				fprintf(stderr, "phat sign: --as takes nguoi-ky (the signer) or co-quan (the agency, "
					"signed by the văn thư)\n");
				return usage();
			}
			break;
		case 'i': o.image = optarg; break;
		case 'P': o.p12 = optarg; break;
		case 'm': o.module = optarg; break;
		case 't': o.token = optarg; break;
		case 'k': o.key = optarg; break;
		case 'c': o.cert = optarg; break;
		case 'T': o.tsa = optarg; break;
		case 'p': o.pss = 1; break;
		case 'r': o.prepare = 1; break;
		case 'f': o.finish = optarg; break;
		case 'A': o.appendix_of = optarg; break;
		case 'o': o.out = optarg; break;
		case 's':
			o.seal_mm = strtod(optarg, &end);
			if (*end || o.seal_mm < 10 || o.seal_mm > 60) {
				fprintf(stderr, "phat sign: --seal-mm takes the seal's diameter in millimetres "
					"(e.g. 36)\n");
				return usage();
			}
			break;
		case 'h':
			fputs(sign_usage, stdout);
			return 0;
		default:
			return usage();
		}
	}
	if (optind + 1 != argc)
		return usage();
	o.in = argv[optind];
	if (cms_init() != 0)
		return 1;
	if (o.finish)
		return finish_run(&o);
	keys = !!o.p12 + !!o.module + (o.prepare ? 1 : 0);
	if (o.role == ROLE_NONE) {
		fprintf(stderr, "phat sign: say who signs: --as nguoi-ky (the signer) or --as co-quan (the agency)\n");
		return usage();
	}
	if (o.appendix_of && (o.role != ROLE_AGENCY || o.image || !*o.appendix_of || strchr(o.appendix_of, ' ') ||
			      strlen(o.appendix_of) > 80)) {
		fprintf(stderr, "phat sign: --appendix-of SO is for the agency's signature (--as co-quan) on an "
			"appendix sent as its own file, which shows no picture (no --image); SO is the number and "
			"symbol of its document, e.g. 05/UBND-VP\n");
		return usage();
	}
	if (!o.image && !o.appendix_of) {
		fprintf(stderr, "phat sign: --image is needed: the %s picture (PNG, transparent background)\n",
			o.role == ROLE_SIGNER ? "signature" : "seal");
		return usage();
	}
	if (keys != 1 || (o.module && (!o.token || !o.key)) || (o.prepare && !o.cert)) {
		fprintf(stderr, "phat sign: give one key: --p12 FILE, or --pkcs11 MODULE --token LABEL --key LABEL, "
			"or --cert FILE --prepare\n");
		return usage();
	}
	return sign_run(&o);
}
