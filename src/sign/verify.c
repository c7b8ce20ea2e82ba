/* phat verify FILE.pdf [--ca ROOT.pem]: each signature of a PDF, in
 * Vietnamese (TT 15/2025/TT-BKHCN asks verifiers to show signer, time and
 * integrity in Vietnamese): who, when (Vietnam time), whether the signed
 * bytes are intact, whether it covers the whole file, whether the
 * certificate chains to a trusted root. Reads what other signing tools
 * write too (adbe.pkcs7.detached, adbe.pkcs7.sha1, ETSI.CAdES.detached, and
 * document time-stamps ETSI.RFC3161; BER or DER; cross-reference streams;
 * later updates).
 *
 * Exit status 0 only when every signature is intact and the last one
 * covers the whole file; 1 otherwise (or no signature); 2 bad usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sign.h"
#include "cms.h"
#include "tail.h"
#include "../util/diag.h"

#define VERIFY_MAX ((size_t)1 << 30)

static const char verify_usage[] =
	"usage: phat verify FILE.pdf [--ca ROOT.pem]\n"
	"  --ca ROOT.pem   also trust this root certificate (PEM), besides the system's\n";

/* "dd/mm/yyyy hh:mm:ss" in Vietnam time (UTC+7, no daylight saving). */
static void vn_time(time_t t, char *out, size_t n)
{
	time_t vn = t + 7 * 3600;
	struct tm tm;

	gmtime_r(&vn, &tm);
	snprintf(out, n, "%02d/%02d/%04d %02d:%02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
}

/* A PDF date (ISO 32000-1 §7.9.4) "D:YYYYMMDDHHmmSS+HH'mm'" as a time;
 * a date without its zone is read as UTC. 0 when it is not one. */
static time_t pdf_date(const struct tail_val *v)
{
	const char *s;
	struct tm tm;
	int f[6] = { 0, 1, 1, 0, 0, 0 }, len[6] = { 4, 2, 2, 2, 2, 2 }, i, k, sign = 0, zh = 0, zm = 0;
	time_t t;

	if (!v || v->type != TV_STR)
		return 0;
	s = v->str;
	if (strncmp(s, "D:", 2) == 0)
		s += 2;
	for (i = 0; i < 6; i++) {
		int x = 0;
		for (k = 0; k < len[i]; k++) {
			if (s[k] < '0' || s[k] > '9')
				break;
			x = x * 10 + (s[k] - '0');
		}
		if (k < len[i])
			break;
		f[i] = x;
		s += len[i];
	}
	if (i == 0)
		return 0;
	if (*s == '+' || *s == '-') {
		sign = *s == '+' ? 1 : -1;
		if (sscanf(s + 1, "%2d'%2d", &zh, &zm) < 1)
			zh = zm = 0;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = f[0] - 1900;
	tm.tm_mon = f[1] - 1;
	tm.tm_mday = f[2];
	tm.tm_hour = f[3];
	tm.tm_min = f[4];
	tm.tm_sec = f[5];
	t = timegm(&tm);
	return t - sign * (zh * 3600 + zm * 60);
}

struct verify_sig {
	const struct tail_field *f;
	struct tail_sig s;
	int readable;
	const char *why;
};

static int sig_cmp(const void *a, const void *b)
{
	const struct verify_sig *x = a, *y = b;
	size_t ex = x->readable ? x->s.range[2] + x->s.range[3] : 0;
	size_t ey = y->readable ? y->s.range[2] + y->s.range[3] : 0;

	return ex < ey ? -1 : ex > ey;
}

int verify_main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "ca", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *ca = NULL, *path, *why;
	char *bytes = NULL, when[80];
	size_t n = 0, nf = 0, ns = 0, i, unsigned_fields = 0;
	struct tail *t = NULL;
	struct tail_field *f = NULL;
	struct verify_sig *v = NULL;
	int opt, ok = 1, ret = 1;
	size_t untrusted = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (opt == 'c') {
			ca = optarg;
		} else if (opt == 'h') {
			fputs(verify_usage, stdout);
			return 0;
		} else {
			fputs(verify_usage, stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fputs(verify_usage, stderr);
		return 2;
	}
	path = argv[optind];
	if (cms_init() != 0)
		return 1;
	bytes = file_read(path, VERIFY_MAX, &n);
	if (!bytes) {
		diag_error(pos_file(path), "cannot read this file: %s", strerror(errno));
		return 1;
	}
	t = tail_open((const unsigned char *)bytes, n, &why);
	if (!t) {
		diag_error(pos_file(path), "%s", why);
		goto out;
	}
	f = tail_fields(t, &nf);
	v = xcalloc(nf ? nf : 1, sizeof *v);
	for (i = 0; i < nf; i++) {
		if (!f[i].sig) {
			unsigned_fields++;
			continue;
		}
		v[ns].f = &f[i];
		v[ns].readable = tail_sig_read(t, f[i].sig, &v[ns].s, &v[ns].why) == 0;
		ns++;
	}
	qsort(v, ns, sizeof *v, sig_cmp);
	printf("%s: %zu chữ ký", path, ns);
	if (unsigned_fields)
		printf(", %zu ô chữ ký chưa ký", unsigned_fields);
	printf("\n");
	for (i = 0; i < ns; i++) {
		struct verify_sig *s = &v[i];
		const struct tail_val *sub = tail_key(t, s->f->sig, "SubFilter");
		struct cms_report r;
		time_t m = pdf_date(tail_key(t, s->f->sig, "M"));
		size_t end;
		int doc_ts;

		printf("\nChữ ký %zu (ô %s)\n", i + 1, s->f->name);
		if (sub && sub->type == TV_NAME)
			printf("  Kiểu: %s\n", sub->str);
		if (!s->readable) {
			printf("  Không đọc được chữ ký: ByteRange hoặc Contents hỏng (%s)\n", s->why);
			ok = 0;
			continue;
		}
		doc_ts = tail_is_name(sub, "ETSI.RFC3161");
		if (doc_ts)
			cms_verify_doc_timestamp(s->s.cms, s->s.cms_len, t->p, s->s.range[1], t->p + s->s.range[2],
						 s->s.range[3], ca, &r);
		else
			cms_verify(s->s.cms, s->s.cms_len, t->p, s->s.range[1], t->p + s->s.range[2], s->s.range[3], ca,
				   &r);
		if (!m)
			m = r.signing_time;
		if (doc_ts)
			printf("  Dấu thời gian cho cả tài liệu, do: %s\n", r.signer ? r.signer : "(không rõ)");
		else
			printf("  Người ký: %s\n", r.signer ? r.signer : "(không rõ)");
		if (r.issuer)
			printf("  Cấp bởi: %s\n", r.issuer);
		if (doc_ts && r.ts_time) {
			vn_time(r.ts_time, when, sizeof when);
			printf("  Thời điểm: %s (giờ Việt Nam, do máy chủ cấp dấu thời gian xác nhận)\n", when);
		} else if (m) {
			vn_time(m, when, sizeof when);
			printf("  Thời điểm ký: %s (giờ Việt Nam, theo máy của người ký)\n", when);
		}
		if (r.ts_time && !doc_ts) {
			vn_time(r.ts_time, when, sizeof when);
			printf("  Dấu thời gian: %s (giờ Việt Nam), %s\n", when,
			       r.ts_ok ? "hợp lệ" : "KHÔNG khớp với chữ ký");
		}
		if (r.digest)
			printf("  Thuật toán băm: %s\n", r.digest);
		if (r.intact)
			printf("  Toàn vẹn: nội dung được ký còn nguyên vẹn\n");
		else
			printf("  Toàn vẹn: KHÔNG — %s\n", r.why ? r.why : "chữ ký không đọc được");
		end = s->s.range[2] + s->s.range[3];
		if (end == n)
			printf("  Phạm vi: phủ toàn bộ tệp\n");
		else if (i + 1 < ns)
			printf("  Phạm vi: phủ bản đến byte %zu; sau đó có thêm %zu chữ ký\n", end, ns - i - 1);
		else
			printf("  Phạm vi: KHÔNG phủ toàn bộ tệp — %zu byte được thêm vào sau chữ ký cuối\n", n - end);
		printf("  Chứng thư số: %s%s%s\n", r.trusted ? "tin cậy (chuỗi chứng thư đến gốc tin cậy)" : "chưa tin cậy",
		       !r.trusted && r.why && r.intact ? " — " : "", !r.trusted && r.why && r.intact ? r.why : "");
		if (!r.intact || (i + 1 == ns && end != n))
			ok = 0;
		if (!r.trusted)
			untrusted++;
		cms_report_fini(&r);
	}
	for (i = 0; i < nf; i++)
		if (!f[i].sig)
			printf("\nÔ %s: chưa ký\n", f[i].name);
	if (ns == 0) {
		printf("\nKết luận: tệp không có chữ ký số nào\n");
		ok = 0;
	} else {
		/* intact is not valid to a văn thư: anyone can make a
		 * certificate in the chairman's name, so an untrusted one is
		 * said in the conclusion, not only on its own line */
		if (!ok)
			printf("\nKết luận: KHÔNG hợp lệ\n");
		else if (untrusted)
			printf("\nKết luận: nội dung nguyên vẹn, nhưng CHƯA xác định được người ký — %zu chữ ký có "
			       "chứng thư số chưa tin cậy (kiểm tra lại với --ca và chứng thư gốc của tổ chức cung cấp "
			       "dịch vụ chứng thực chữ ký số)\n", untrusted);
		else
			printf("\nKết luận: hợp lệ — mọi chữ ký còn nguyên vẹn, chữ ký cuối phủ toàn bộ tệp\n");
	}
	ret = ok ? 0 : 1;
out:
	for (i = 0; i < ns; i++)
		tail_sig_fini(&v[i].s);
	free(v);
	tail_fields_free(f, nf);
	tail_free(t);
	free(bytes);
	return ret;
}
