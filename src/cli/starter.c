/* phat new: a first document of each kind that builds as it is, with a
 * phat.yaml (and, for a report, a CSV) when the folder has none, so a
 * clerk starts from something that works and edits it. The texts are
 * examples written for it: every value says what to put there. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "starter.h"
#include "../util/utf8.h"
#include "../util/util.h"

static const char phat_yaml[] =
	"# Những gì mọi văn bản của xã dùng chung. Sửa cho đúng với xã của bạn.\n"
	"co_quan: Ủy ban nhân dân xã An Bình          # viết thường; phần đầu văn bản tự in hoa\n"
	"co_quan_chu_quan: Ủy ban nhân dân tỉnh Thái Nguyên\n"
	"dia_danh: An Bình                              # địa danh ở dòng ngày tháng\n"
	"nguoi_ky:\n"
	"  quyen_han: TM. ỦY BAN NHÂN DÂN\n"
	"  chuc_vu: Chủ tịch\n"
	"  ho_ten: Nguyễn Văn An\n";

static const char cong_van[] =
	"---\n"
	"loai: cong-van\n"
	"so:                      # để trống khi còn là dự thảo; khi ban hành ghi số, ví dụ 5\n"
	"ky_hieu: UBND-VP\n"
	"ngay: %Y                 # dự thảo: chỉ ghi năm; khi ban hành ghi đủ, ví dụ 09/08/%Y\n"
	"trich_yeu: tuyên truyền, hướng dẫn người dân cài đặt VNeID mức độ 2\n"
	"kinh_gui:\n"
	"  - Các ông, bà Trưởng thôn\n"
	"  - Tổ Công nghệ số cộng đồng\n"
	"noi_nhan:\n"
	"  - Như trên\n"
	"  - Lưu: VT, VP\n"
	"---\n"
	"Thực hiện kế hoạch của Ủy ban nhân dân tỉnh, Ủy ban nhân dân xã đề nghị các ông, bà "
	"Trưởng thôn và Tổ Công nghệ số cộng đồng thực hiện một số nội dung sau:\n"
	"\n"
	"1. Tuyên truyền đến người dân về lợi ích của tài khoản định danh điện tử mức độ 2.\n"
	"\n"
	"2. Hướng dẫn người dân mang căn cước đến Nhà văn hóa thôn để được hỗ trợ đăng ký.\n"
	"\n"
	"Đề nghị các ông, bà quan tâm thực hiện./.\n";

static const char phu_luc[] =
	"# Hướng dẫn cài đặt ứng dụng VNeID\n"
	"\n"
	"Bước 1. Tải ứng dụng VNeID từ CH Play hoặc App Store.\n"
	"\n"
	"Bước 2. Đăng nhập bằng số định danh cá nhân và mật khẩu.\n";

static const char bao_cao[] =
	"---\n"
	"loai: bao-cao\n"
	"so:                      # để trống khi còn là dự thảo\n"
	"ky_hieu: BC-UBND\n"
	"ngay: %Y\n"
	"trich_yeu: Kết quả cấp chữ ký số công cộng cho người dân tháng {{thang_nam}}\n"
	"so_lieu: so-lieu/%Y-%m.csv      # số liệu của tháng: mỗi xóm một dòng\n"
	"muc_tieu: 50\n"
	"noi_nhan:\n"
	"  - Như trên\n"
	"  - Lưu: VT, VP\n"
	"---\n"
	"Đến hết tháng {{thang_nam}}, toàn xã có {{tong.co_cks}} người có chữ ký số, đạt "
	"{{tong.ty_le}} % số người trưởng thành; còn {{tong.con_thieu}} người nữa thì đạt mục tiêu "
	"{{muc_tieu}} %.\n"
	"\n"
	"{{bang}}\n"
	"\n"
	"{{bieu_do}}\n"
	"\n"
	"Ủy ban nhân dân xã báo cáo để cấp trên biết, chỉ đạo./.\n";

static const char so_lieu[] =
	"xom,dan_so_truong_thanh,vnpt_smartca,viettel_mysign,khac\n"
	"Thôn 1,820,210,150,12\n"
	"Thôn 2,640,120,95,4\n"
	"Thôn 3,455,160,90,0\n";

static const char to_roi[] =
	"---\n"
	"loai: to-roi\n"
	"dien_thoai: true          # cũng làm bản đọc trên điện thoại (gửi Zalo)\n"
	"---\n"
	"# Chữ ký số công cộng: miễn phí, ký ngay trên điện thoại\n"
	"\n"
	"{{co_quan}}\n"
	"\n"
	"---\n"
	"\n"
	"## Chữ ký số để làm gì?\n"
	"\n"
	"- Ký giấy tờ khi làm thủ tục trên Cổng Dịch vụ công.\n"
	"- Không phải đến tận nơi để ký.\n"
	"\n"
	"---\n"
	"\n"
	"## Cần chuẩn bị\n"
	"\n"
	"- Điện thoại thông minh.\n"
	"- Tài khoản VNeID mức độ 2.\n"
	"\n"
	"---\n"
	"\n"
	"## Cách đăng ký\n"
	"\n"
	"1. Mở ứng dụng VNeID.\n"
	"2. Chọn Chữ ký số, làm theo hướng dẫn.\n"
	"\n"
	"---\n"
	"\n"
	"## Cần giúp đỡ?\n"
	"\n"
	"Đến Bộ phận Một cửa xã, giờ hành chính các ngày trong tuần.\n"
	"\n"
	"---\n"
	"\n"
	"## Nhóm Zalo hỗ trợ\n"
	"\n"
	"![Quét mã để vào nhóm Zalo](qr:https://zalo.me/g/vi-du)\n";

static const char ap_phich[] =
	"---\n"
	"loai: ap-phich\n"
	"kho: a3                   # a4, a3, a2 hoặc a1\n"
	"---\n"
	"# Đăng ký chữ ký số công cộng miễn phí\n"
	"\n"
	"1. Mang theo căn cước và điện thoại.\n"
	"2. Đến Bộ phận Một cửa xã.\n"
	"3. Cán bộ hướng dẫn cài đặt trong 10 phút.\n"
	"\n"
	"![Quét mã để vào nhóm Zalo hỗ trợ](qr:https://zalo.me/g/vi-du)\n";

static const char loa[] =
	"---\n"
	"loai: loa\n"
	"toc_do: 180               # số tiếng đọc trong một phút\n"
	"---\n"
	"# Thông báo về chữ ký số công cộng\n"
	"\n"
	"Kính thưa bà con nhân dân trong xã.\n"
	"\n"
	"Từ ngày 01/3, Bộ phận Một cửa xã hỗ trợ bà con đăng ký chữ ký số công cộng miễn phí trên "
	"ứng dụng VNeID. Bà con mang theo căn cước và điện thoại thông minh.\n"
	"\n"
	"Mọi thắc mắc xin gọi số 0912 345 678.\n";

static const struct {
	const char *kind;
	const char *text;
	int bare;          /* an appendix: no front matter, no phat.yaml needed */
} starters[] = {
	{ "cong-van", cong_van, 0 }, { "bao-cao", bao_cao, 0 }, { "to-roi", to_roi, 0 },
	{ "ap-phich", ap_phich, 0 }, { "loa", loa, 0 }, { "phu-luc", phu_luc, 1 },
};

const char *const starter_kinds[] = { "cong-van", "bao-cao", "to-roi", "ap-phich", "loa", "phu-luc", NULL };

/* text with %Y and %m replaced by this year and month. Caller frees. */
static char *dated(const char *text)
{
	time_t now = time(NULL);
	struct tm tm;
	char y[16], m[16];
	struct buf b;
	const char *p;

	localtime_r(&now, &tm);
	snprintf(y, sizeof y, "%d", tm.tm_year + 1900);
	snprintf(m, sizeof m, "%02d", tm.tm_mon + 1);
	buf_init(&b);
	for (p = text; *p; p++) {
		if (p[0] == '%' && (p[1] == 'Y' || p[1] == 'm')) {
			buf_adds(&b, p[1] == 'Y' ? y : m);
			p++;
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_take(&b);
}

/* Writes text to path unless a file is there. 1 written, 0 kept, -1 error. */
static int write_new(const char *path, const char *text)
{
	char *dir;
	int r;

	if (access(path, F_OK) == 0)
		return 0;
	dir = path_dir(path);
	r = dir_make(dir);
	free(dir);
	if (r != 0 || file_write_atomic(path, text, strlen(text)) != 0) {
		fprintf(stderr, "phat: error: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 1;
}

/* Is there a phat.yaml in dir or a folder above it (up to 16 levels)? */
static int has_settings(const char *dir)
{
	char *cur = realpath(dir, NULL);
	int level, found = 0;

	for (level = 0; cur && level < 16 && !found; level++) {
		char *p = path_join(cur, "phat.yaml"), *up;
		found = access(p, F_OK) == 0;
		free(p);
		if (strcmp(cur, "/") == 0)
			break;
		up = path_dir(cur);
		free(cur);
		cur = up;
	}
	free(cur);
	return found;
}

int starter_write(const char *kind, const char *name)
{
	size_t i, n = sizeof starters / sizeof starters[0];
	char *path = NULL, *dir = NULL, *text = NULL;
	const char *q = "";
	int ret = 2, r;

	for (i = 0; i < n && strcmp(starters[i].kind, kind) != 0; i++)
		;
	if (i == n) {
		/* "congvan", "công văn", "Cong-Van": the kind meant, said */
		char *f = utf8_ascii_words(kind, '-');
		size_t k;

		for (k = 0; k < n && i == n; k++) {
			const char *a = f, *b = starters[k].kind;
			while (*a || *b) {
				if (*a == '-') { a++; continue; }
				if (*b == '-') { b++; continue; }
				if (*a != *b)
					break;
				a++, b++;
			}
			if (!*a && !*b)
				i = k;
		}
		free(f);
		if (i < n)
			fprintf(stderr, "phat: note: \"%s\" read as %s\n", kind, starters[i].kind);
	}
	if (i == n) {
		fprintf(stderr, "phat: error: \"%s\" is not a kind of document; phat new takes one of: "
			"cong-van, bao-cao, to-roi, ap-phich, loa, phu-luc\n", kind);
		return 2;
	}
	if (!name)
		name = starters[i].kind;
	path = strlen(name) > 3 && !strcmp(name + strlen(name) - 3, ".md") ? xstrdup(name)
									   : xasprintf("%s.md", name);
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "phat: error: %s is already there; phat new never writes over a file "
			"(give another name: phat new %s TÊN)\n", path, kind);
		goto out;
	}
	ret = 1;
	q = strchr(path, ' ') ? "\"" : "";
	dir = path_dir(path);
	text = dated(starters[i].text);
	if (write_new(path, text) < 0)
		goto out;
	printf("phat: wrote %s\n", path);
	if (!starters[i].bare && !has_settings(dir)) {
		char *y = strcmp(dir, ".") ? path_join(dir, "phat.yaml") : xstrdup("phat.yaml");
		if ((r = write_new(y, phat_yaml)) < 0) {
			free(y);
			goto out;
		}
		printf("phat: wrote %s (the commune's name, place and signer: edit them)\n", y);
		free(y);
	}
	if (!strcmp(kind, "bao-cao")) {
		char *csv = dated("so-lieu/%Y-%m.csv"), *p = strcmp(dir, ".") ? path_join(dir, csv) : xstrdup(csv);
		if ((r = write_new(p, so_lieu)) < 0) {
			free(csv);
			free(p);
			goto out;
		}
		if (r == 1)
			printf("phat: wrote %s (example figures: put the real ones in)\n", p);
		free(csv);
		free(p);
	}
	if (starters[i].bare)
		printf("phat: an appendix: name it under \"phu_luc:\" in its dispatch; see it alone with: "
		       "phat render %s%s%s\n", q, path, q);
	else
		printf("phat: edit it, then see it with: phat render %s%s%s\n", q, path, q);
	ret = 0;
out:
	free(path);
	free(dir);
	free(text);
	return ret;
}
