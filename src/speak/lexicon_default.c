/* The built-in loudspeaker lexicon: what any commune's text holds and an
 * announcer says the same way everywhere, so a commune with no
 * tu-dien-loa.txt of its own is read right. A commune's file adds to it and
 * replaces any entry here.
 *
 * Keys are case-sensitive and matched at word boundaries (the longest key
 * wins). A key of one or two lower-case letters and a dot ("x.", "tp.") is a
 * place-name prefix: it is only read so before a capitalised word ("x. Tân
 * Thành" "xã Tân Thành"), never at a sentence's end. Units after a number
 * are the tagger's (classes.c), so "1 TB" is a terabyte, not a Thông báo.
 * A document number's ký hiệu ("173/KH-UBND") is read part by part: the
 * kinds of document below (kyhieu[]), then the entries above ("UBND"), a
 * part neither knows spelled. */
#include <string.h>
#include "internal.h"

static const char *const builtin[][2] = {
	/* state bodies and offices */
	{ "UBND", "Ủy ban nhân dân" },
	{ "HĐND", "Hội đồng nhân dân" },
	{ "UBMTTQ", "Ủy ban Mặt trận Tổ quốc" },
	{ "UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam" },
	{ "MTTQ", "Mặt trận Tổ quốc" },
	{ "MTTQVN", "Mặt trận Tổ quốc Việt Nam" },
	{ "TTg", "Thủ tướng" },
	{ "CP", "Chính phủ" },
	{ "BCA", "Bộ Công an" },
	{ "CA", "Công an" },
	{ "STTTT", "Sở Thông tin và Truyền thông" },
	{ "TTTT", "Thông tin và Truyền thông" },
	{ "BTTTT", "Bộ Thông tin và Truyền thông" },
	{ "BCH", "Ban Chấp hành" },
	{ "BCĐ", "Ban Chỉ đạo" },
	{ "BQL", "Ban Quản lý" },
	{ "TCTTKĐA", "Tổ Công tác triển khai Đề án" },
	{ "HTX", "hợp tác xã" },
	{ "VP", "Văn phòng" },
	{ "VT", "Văn thư" },
	{ "ĐTN", "Đoàn Thanh niên" },
	{ "TNCS", "Thanh niên Cộng sản" },
	{ "HLHPN", "Hội Liên hiệp Phụ nữ" },
	{ "LHPN", "Liên hiệp Phụ nữ" },
	{ "HND", "Hội Nông dân" },
	{ "HCCB", "Hội Cựu chiến binh" },
	{ "CCB", "cựu chiến binh" },
	{ "NCT", "người cao tuổi" },
	{ "CBCC", "cán bộ, công chức" },
	{ "CBCCVC", "cán bộ, công chức, viên chức" },
	{ "CCVC", "công chức, viên chức" },
	{ "CTV", "cộng tác viên" },
	{ "TDP", "tổ dân phố" },
	{ "KP", "khu phố" },
	{ "TP.HCM", "Thành phố Hồ Chí Minh" },
	{ "TPHCM", "Thành phố Hồ Chí Minh" },
	{ "TP", "thành phố" },
	{ "THCS", "trung học cơ sở" },
	{ "THPT", "trung học phổ thông" },
	{ "CLB", "câu lạc bộ" },
	{ "KT-XH", "kinh tế - xã hội" },
	{ "ANTT", "an ninh trật tự" },
	{ "QP-AN", "quốc phòng - an ninh" },
	{ "TN&MT", "tài nguyên và môi trường" },
	{ "GD&ĐT", "giáo dục và đào tạo" },
	{ "LĐTB&XH", "lao động, thương binh và xã hội" },
	{ "NN&PTNT", "nông nghiệp và phát triển nông thôn" },
	{ "KH&CN", "khoa học và công nghệ" },
	{ "VH-TT", "văn hóa - thông tin" },
	/* documents and procedures */
	{ "NĐ-CP", "Nghị định của Chính phủ" },
	{ "NĐ", "Nghị định" },
	{ "QĐ", "Quyết định" },
	{ "KH", "Kế hoạch" },
	{ "TB", "Thông báo" },
	{ "CV", "Công văn" },
	{ "BC", "Báo cáo" },
	{ "V/v", "Về việc" },
	{ "v/v", "về việc" },
	{ "K/g", "Kính gửi" },
	{ "TTHC", "thủ tục hành chính" },
	{ "DVC", "dịch vụ công" },
	{ "DVCTT", "dịch vụ công trực tuyến" },
	{ "CNTT", "công nghệ thông tin" },
	{ "CĐS", "chuyển đổi số" },
	{ "CSDL", "cơ sở dữ liệu" },
	{ "CSDLQG", "cơ sở dữ liệu quốc gia" },
	{ "NTM", "nông thôn mới" },
	{ "PCCC", "phòng cháy chữa cháy" },
	/* papers and numbers people carry */
	{ "CCCD", "căn cước công dân" },
	{ "CMND", "chứng minh nhân dân" },
	{ "CKS", "chữ ký số" },
	{ "BHYT", "bảo hiểm y tế" },
	{ "BHXH", "bảo hiểm xã hội" },
	{ "GPLX", "giấy phép lái xe" },
	{ "SĐT", "số điện thoại" },
	{ "ĐT", "điện thoại" },
	{ "STK", "số tài khoản" },
	{ "MST", "mã số thuế" },
	{ "VNĐ", "đồng" },
	{ "VND", "đồng" },
	/* people */
	{ "đ/c", "đồng chí" },
	{ "Đ/c", "Đồng chí" },
	{ "GS", "giáo sư" },
	{ "PGS", "phó giáo sư" },
	{ "TS", "tiến sĩ" },
	{ "ThS", "thạc sĩ" },
	{ "BS", "bác sĩ" },
	{ "KS", "kỹ sư" },
	/* days of the week */
	{ "T2", "thứ hai" },
	{ "T3", "thứ ba" },
	{ "T4", "thứ tư" },
	{ "T5", "thứ năm" },
	{ "T6", "thứ sáu" },
	{ "T7", "thứ bảy" },
	{ "CN", "chủ nhật" },
	/* place-name prefixes (before a capitalised word only) and others */
	{ "tp.", "thành phố" },
	{ "Tp.", "Thành phố" },
	{ "TP.", "Thành phố" },
	{ "tx.", "thị xã" },
	{ "TX.", "Thị xã" },
	{ "tt.", "thị trấn" },
	{ "TT.", "Thị trấn" },
	{ "q.", "quận" },
	{ "Q.", "Quận" },
	{ "p.", "phường" },
	{ "P.", "Phường" },
	{ "x.", "xã" },
	{ "X.", "Xã" },
	{ "h.", "huyện" },
	{ "H.", "Huyện" },
	{ "kp.", "khu phố" },
	{ "KP.", "Khu phố" },
	{ "v.v.", "vân vân" },
	{ "v.v", "vân vân" },
	/* apps, providers and brands, as announcers say them: a brand respelt
	 * for the ear is written in lower case (the start of a sentence gets its
	 * capital when it is read), never with a capital mid-phrase */
	{ "VNeID", "vê en e ai đi" },
	{ "VNPT SmartCA", "vê en pê tê xmát xê a" },
	{ "Viettel MySign", "Viettel mai xai" },
	{ "VNPT", "vê en pê tê" },
	{ "SmartCA", "xmát xê a" },
	{ "MySign", "mai xai" },
	{ "Viettel", "Viettel" },
	{ "VssID", "vê ét ét ai đi" },
	{ "MobiFone", "mô bi phôn" },
	{ "Mobifone", "mô bi phôn" },
	{ "VinaPhone", "vi na phôn" },
	{ "Vinaphone", "vi na phôn" },
	{ "MoMo", "mô mô" },
	{ "OTP", "ô tê pê" },
	{ "QR", "kiu a" },
	{ "eKYC", "e ca y xê" },
	{ "SMS", "ét em ét" },
	{ "PIN", "pin" },
	{ "SIM", "sim" },
	{ "Wi-Fi", "oai phai" },
	{ "WiFi", "oai phai" },
	{ "wifi", "oai phai" },
	{ "Facebook", "phây búc" },
	{ "YouTube", "diu túp" },
	{ "Youtube", "diu túp" },
	{ "Google", "gu gồ" },
	{ "CH Play", "xê hát plây" },
	{ "App Store", "áp xto" },
	{ "iPhone", "ai phôn" },
	{ "iOS", "ai ô ét" },
	{ "Android", "an đờ roi" },
	{ "online", "trực tuyến" },
	{ "Online", "Trực tuyến" },
	/* units written alone (after a number the tagger reads them) */
	{ "km", "ki lô mét" },
	{ "kg", "ki lô gam" },
	{ "cm", "xăng ti mét" },
	{ "m2", "mét vuông" },
	{ "m²", "mét vuông" },
	/* links: the host (or a path of it) and what to call it */
	{ "dichvucong.gov.vn", "Cổng Dịch vụ công quốc gia" },
	{ "vneid.gov.vn", "trang của ứng dụng vê en e ai đi" },
	{ "zalo.me/g", "đường dẫn nhóm Zalo" },
	{ "zalo.me", "đường dẫn Zalo" },
	{ "chat.zalo.me", "đường dẫn nhóm Zalo" },
	{ "(mã QR)", "mã kiu a" },
};

/* Words of a document's ký hiệu ("173/KH-UBND") that the lexicon above
 * does not hold because outside a ký hiệu they mean something else ("CT" is
 * also Chủ tịch, "HD" a picture quality). type: a kind of document, only
 * as the ký hiệu's first part: the abbreviations of Nghị định 30/2020,
 * Phụ lục III, and of the legal documents (Thông tư, Thông tư liên tịch);
 * otherwise the issuer of a party or national document. */
static const struct {
	const char *key, *say;
	int type;
} kyhieu[] = {
	{ "NQ", "nghị quyết", 1 }, { "QĐ", "quyết định", 1 }, { "CT", "chỉ thị", 1 }, { "QC", "quy chế", 1 },
	{ "QyĐ", "quy định", 1 }, { "TC", "thông cáo", 1 }, { "TB", "thông báo", 1 }, { "HD", "hướng dẫn", 1 },
	{ "CTr", "chương trình", 1 }, { "KH", "kế hoạch", 1 }, { "PA", "phương án", 1 }, { "ĐA", "đề án", 1 },
	{ "DA", "dự án", 1 }, { "BC", "báo cáo", 1 }, { "BB", "biên bản", 1 }, { "TTr", "tờ trình", 1 },
	{ "HĐ", "hợp đồng", 1 }, { "CĐ", "công điện", 1 }, { "BGN", "bản ghi nhớ", 1 },
	{ "BTT", "bản thỏa thuận", 1 }, { "GUQ", "giấy ủy quyền", 1 }, { "GM", "giấy mời", 1 },
	{ "GGT", "giấy giới thiệu", 1 }, { "GNP", "giấy nghỉ phép", 1 }, { "PG", "phiếu gửi", 1 },
	{ "PC", "phiếu chuyển", 1 }, { "PB", "phiếu báo", 1 }, { "CV", "công văn", 1 }, { "TT", "thông tư", 1 },
	{ "TTLT", "thông tư liên tịch", 1 }, { "NĐ", "nghị định", 1 },
	{ "TW", "Trung ương", 0 }, { "TƯ", "Trung ương", 0 }, { "QH", "Quốc hội", 0 },
};

const char *lexicon_kyhieu(const char *key, size_t n, int first)
{
	size_t i;

	for (i = 0; i < sizeof kyhieu / sizeof kyhieu[0]; i++)
		if ((first || !kyhieu[i].type) && strlen(kyhieu[i].key) == n && !memcmp(kyhieu[i].key, key, n))
			return kyhieu[i].say;
	return NULL;
}

void lexicon_builtin(struct speak *sp)
{
	size_t i;

	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		lexicon_add_builtin(sp, builtin[i][0], builtin[i][1]);
}
