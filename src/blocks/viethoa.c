/* Agency names from capitals to normal case, by the rules of Nghị định
 * 30/2020 Phụ lục II, mục II: the kind of the body and its field of work
 * take a capital on their first syllable; the administrative unit is lower
 * case and the place name after it takes a capital on every syllable. */
#include <stdlib.h>
#include <string.h>
#include "viethoa.h"
#include "../util/utf8.h"
#include "../util/util.h"
#include "../model/meta.h"

enum vh_class {
	VH_KIND,    /* loại hình: Ủy ban nhân dân, Phòng, Sở … */
	VH_FIELD,   /* chức năng, lĩnh vực: Văn hóa, Tư pháp … */
	VH_UNIT,    /* đơn vị hành chính: xã, huyện … (then a place name) */
	VH_PROPER,  /* names written as they are: Việt Nam, Hồ Chí Minh … */
	VH_JOIN     /* và, của, - */
};

/* Phrases as the decree writes them. The longest phrase that matches wins,
 * so "xã hội" is a field and not the unit "xã", "hợp tác xã" a kind. */
static const struct {
	const char *phrase;
	enum vh_class cls;
} vh_table[] = {
	/* kinds of bodies */
	{ "ủy ban nhân dân", VH_KIND }, { "hội đồng nhân dân", VH_KIND }, { "ủy ban", VH_KIND },
	{ "văn phòng", VH_KIND }, { "phòng", VH_KIND }, { "sở", VH_KIND }, { "bộ", VH_KIND },
	{ "ban", VH_KIND }, { "ban chỉ huy", VH_KIND }, { "ban quản lý", VH_KIND }, { "cục", VH_KIND },
	{ "chi cục", VH_KIND }, { "tổng cục", VH_KIND }, { "vụ", VH_KIND }, { "viện", VH_KIND },
	{ "trung tâm", VH_KIND }, { "tổ", VH_KIND }, { "đội", VH_KIND }, { "trường", VH_KIND },
	{ "trạm", VH_KIND }, { "trạm y tế", VH_KIND }, { "công an", VH_KIND }, { "đảng ủy", VH_KIND },
	{ "đảng bộ", VH_KIND }, { "chi bộ", VH_KIND }, { "đoàn", VH_KIND }, { "hội", VH_KIND },
	{ "liên hiệp", VH_KIND }, { "mặt trận", VH_KIND }, { "bưu điện", VH_KIND },
	{ "ngân hàng", VH_KIND }, { "kho bạc", VH_KIND }, { "chi nhánh", VH_KIND },
	{ "hợp tác xã", VH_KIND }, { "bộ phận", VH_KIND }, { "tòa án nhân dân", VH_KIND },
	{ "viện kiểm sát nhân dân", VH_KIND }, { "đài", VH_KIND }, { "đài truyền thanh", VH_KIND },
	{ "nhà văn hóa", VH_KIND }, { "bệnh viện", VH_KIND }, { "câu lạc bộ", VH_KIND },
	{ "thanh tra", VH_KIND }, { "học viện", VH_KIND }, { "đại học", VH_KIND },
	{ "tổng công ty", VH_KIND }, { "công ty", VH_KIND }, { "ban thường vụ", VH_KIND },
	{ "ban chấp hành", VH_KIND }, { "thường trực", VH_KIND },
	/* fields of work */
	{ "văn hóa", VH_FIELD }, { "thông tin", VH_FIELD }, { "truyền thông", VH_FIELD },
	{ "tư pháp", VH_FIELD }, { "hộ tịch", VH_FIELD }, { "tài chính", VH_FIELD },
	{ "kế hoạch", VH_FIELD }, { "đầu tư", VH_FIELD }, { "nội vụ", VH_FIELD }, { "y tế", VH_FIELD },
	{ "giáo dục", VH_FIELD }, { "đào tạo", VH_FIELD }, { "tài nguyên", VH_FIELD },
	{ "môi trường", VH_FIELD }, { "nông nghiệp", VH_FIELD }, { "phát triển nông thôn", VH_FIELD },
	{ "lao động", VH_FIELD }, { "thương binh", VH_FIELD }, { "xã hội", VH_FIELD },
	{ "kinh tế", VH_FIELD }, { "hạ tầng", VH_FIELD }, { "quân sự", VH_FIELD },
	{ "khoa học", VH_FIELD }, { "công nghệ", VH_FIELD }, { "xây dựng", VH_FIELD },
	{ "giao thông", VH_FIELD }, { "vận tải", VH_FIELD }, { "công thương", VH_FIELD },
	{ "thể thao", VH_FIELD }, { "du lịch", VH_FIELD }, { "địa chính", VH_FIELD },
	{ "dân tộc", VH_FIELD }, { "tôn giáo", VH_FIELD }, { "tiếp công dân", VH_FIELD },
	{ "một cửa", VH_FIELD }, { "hành chính", VH_FIELD }, { "hành chính công", VH_FIELD },
	{ "dịch vụ công", VH_FIELD }, { "chuyển đổi số", VH_FIELD }, { "công nghệ số", VH_FIELD },
	{ "công nghệ số cộng đồng", VH_FIELD }, { "thống kê", VH_FIELD }, { "dân số", VH_FIELD },
	{ "bảo hiểm xã hội", VH_FIELD }, { "thuế", VH_FIELD }, { "nhà nước", VH_FIELD },
	{ "an ninh", VH_FIELD }, { "trật tự", VH_FIELD }, { "phòng cháy chữa cháy", VH_FIELD },
	{ "bưu chính", VH_FIELD }, { "viễn thông", VH_FIELD }, { "điện lực", VH_FIELD },
	{ "tuyên giáo", VH_FIELD }, { "dân vận", VH_FIELD }, { "tổ chức", VH_FIELD },
	{ "kiểm tra", VH_FIELD }, { "quản lý đô thị", VH_FIELD }, { "đô thị", VH_FIELD },
	{ "đất đai", VH_FIELD }, { "thanh niên", VH_FIELD }, { "phụ nữ", VH_FIELD },
	{ "nông dân", VH_FIELD }, { "cựu chiến binh", VH_FIELD }, { "người cao tuổi", VH_FIELD },
	{ "chữ thập đỏ", VH_FIELD }, { "khuyến học", VH_FIELD }, { "quốc phòng", VH_FIELD },
	{ "tài nguyên và môi trường", VH_FIELD }, { "văn thư", VH_FIELD }, { "lưu trữ", VH_FIELD },
	{ "thi đua", VH_FIELD }, { "khen thưởng", VH_FIELD }, { "nhân dân", VH_FIELD },
	{ "đăng ký đất đai", VH_FIELD }, { "mầm non", VH_FIELD }, { "tiểu học", VH_FIELD },
	{ "trung học cơ sở", VH_FIELD }, { "trung học phổ thông", VH_FIELD },
	{ "kinh tế - hạ tầng", VH_FIELD }, { "giao dịch", VH_FIELD }, { "tiếp nhận và trả kết quả", VH_FIELD },
	{ "một cửa liên thông", VH_FIELD }, { "truyền thanh", VH_FIELD }, { "bảo vệ thực vật", VH_FIELD },
	{ "thú y", VH_FIELD }, { "khuyến nông", VH_FIELD }, { "kiểm lâm", VH_FIELD },
	/* administrative units: lower case, then the place name */
	{ "tỉnh", VH_UNIT }, { "thành phố", VH_UNIT }, { "huyện", VH_UNIT }, { "quận", VH_UNIT },
	{ "thị xã", VH_UNIT }, { "xã", VH_UNIT }, { "phường", VH_UNIT }, { "thị trấn", VH_UNIT },
	{ "thôn", VH_UNIT }, { "xóm", VH_UNIT }, { "bản", VH_UNIT }, { "buôn", VH_UNIT },
	{ "ấp", VH_UNIT }, { "làng", VH_UNIT }, { "tổ dân phố", VH_UNIT }, { "khu phố", VH_UNIT },
	{ "khu", VH_UNIT }, { "đặc khu", VH_UNIT }, { "sóc", VH_UNIT }, { "khóm", VH_UNIT },
	{ "plei", VH_UNIT },
	/* names */
	{ "Việt Nam", VH_PROPER }, { "Hồ Chí Minh", VH_PROPER }, { "Tổ quốc", VH_PROPER },
	{ "Cộng sản", VH_PROPER }, { "Trung ương", VH_PROPER },
	/* joining words */
	{ "và", VH_JOIN }, { "của", VH_JOIN }, { "-", VH_JOIN }, { "–", VH_JOIN },
};

struct vh_tok {
	char *text;   /* as typed */
	char *key;    /* utf8_tone_key */
	char *tail;   /* punctuation glued after it (","), or "" */
};

/* The syllables of a phrase, split at spaces, as keys. Returns the count. */
static size_t vh_keys(const char *phrase, char **keys, size_t max)
{
	char *copy = xstrdup(phrase), *save = NULL, *w;
	size_t n = 0;

	for (w = strtok_r(copy, " ", &save); w && n < max; w = strtok_r(NULL, " ", &save))
		keys[n++] = utf8_tone_key(w);
	free(copy);
	return n;
}

/* The entry that matches the most tokens from tok[i], units only when
 * units_only; *len gets the number of tokens. -1 when none. */
static int vh_match(const struct vh_tok *tok, size_t n, size_t i, int units_only, size_t *len)
{
	size_t e, k, best_len = 0;
	int best = -1;

	for (e = 0; e < sizeof vh_table / sizeof vh_table[0]; e++) {
		char *keys[8];
		size_t m = vh_keys(vh_table[e].phrase, keys, 8), ok = 1;

		if (units_only && vh_table[e].cls != VH_UNIT)
			ok = 0;
		for (k = 0; ok && k < m; k++)
			/* a phrase runs on only over tokens with nothing glued after */
			ok = i + k < n && strcmp(tok[i + k].key, keys[k]) == 0 && (k + 1 == m || !*tok[i + k].tail);
		if (ok && m > best_len)
			best_len = m, best = (int)e;
		for (k = 0; k < m; k++)
			free(keys[k]);
	}
	*len = best_len;
	return best;
}

/* Word k (from 0) of phrase, as the table spells it (caller frees). */
static char *vh_word(const char *phrase, size_t k)
{
	char *copy = xstrdup(phrase), *save = NULL, *w = strtok_r(copy, " ", &save), *ret;

	while (k-- > 0 && w)
		w = strtok_r(NULL, " ", &save);
	ret = xstrdup(w ? w : "");
	free(copy);
	return ret;
}

/* s with its first letter in capitals, the rest lower case (caller frees). */
static char *vh_capital(const char *s)
{
	char *low = utf8_lower(s), *first, *ret;
	uint32_t cp;
	int l = utf8_decode(low, &cp);
	char enc[8];

	enc[utf8_encode(cp, enc)] = '\0';
	first = utf8_upper(enc);
	ret = xasprintf("%s%s", first, low + l);
	free(first);
	free(low);
	return ret;
}

static int vh_in_capitals(const char *name)
{
	char *low = utf8_lower(name), *up = utf8_upper(name);
	int r = strcmp(up, name) == 0 && strcmp(low, name) != 0;

	free(low);
	free(up);
	return r;
}

/* Abbreviations clerks use for the kind of body, written out. */
static const char *vh_abbreviation(const char *key)
{
	static const char *const abbr[][2] = {
		{ "ubnd", "Ủy ban nhân dân" }, { "hđnd", "Hội đồng nhân dân" },
		{ "mttq", "Mặt trận Tổ quốc" }, { "ubmttq", "Ủy ban Mặt trận Tổ quốc" },
	};
	size_t i;
	char *k;

	for (i = 0; i < sizeof abbr / sizeof abbr[0]; i++) {
		int same;
		k = utf8_tone_key(abbr[i][0]);
		same = strcmp(k, key) == 0;
		free(k);
		if (same)
			return abbr[i][1];
	}
	return NULL;
}

/* Do no phrase, abbreviation or number start at any token from i on? */
static int vh_rest_unknown(const struct vh_tok *tok, size_t n, size_t i)
{
	size_t len;

	for (; i < n; i++)
		if (vh_match(tok, n, i, 0, &len) >= 0 || vh_abbreviation(tok[i].key) || !strpbrk(tok[i].key, "aeiouy") ||
		    strspn(tok[i].text, "0123456789") == strlen(tok[i].text) || *tok[i].tail)
			return 0;
	return 1;
}

char *viethoa_agency(const char *name, char **unknown)
{
	struct vh_tok *tok = NULL;
	struct buf out, unk;
	char *copy, *save = NULL, *w;
	size_t n = 0, i, len, k;
	int place = 0;
	const char *a;

	*unknown = NULL;
	if (!vh_in_capitals(name))
		return xstrdup(name);
	copy = xstrdup(name);
	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		size_t l = strlen(w);

		tok = xrealloc(tok, (n + 1) * sizeof *tok);
		/* a comma or full stop glued to a word ends a phrase */
		while (l > 1 && strchr(",.;", w[l - 1]))
			l--;
		tok[n].tail = xstrdup(w + l);
		tok[n].text = xstrndup(w, l);
		tok[n].key = utf8_tone_key(tok[n].text);
		n++;
	}
	free(copy);
	buf_init(&out);
	buf_init(&unk);
	for (i = 0; i < n; i += len) {
		int e = vh_match(tok, n, i, place, &len);

		if (e < 0 && !place && (a = vh_abbreviation(tok[i].key))) {
			buf_printf(&out, "%s%s%s", out.len ? " " : "", a, tok[i].tail);
			len = 1;
			continue;
		}
		if (e < 0 && strlen(tok[i].text) > 1 && !strpbrk(tok[i].key, "aeiouy") &&
		    strspn(tok[i].text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(tok[i].text)) {
			/* no vowel: an abbreviation (VNPT, CNTT), kept in capitals */
			buf_printf(&out, "%s%s%s", out.len ? " " : "", tok[i].text, tok[i].tail);
			len = 1;
			continue;
		}
		if (e < 0 && place) {
			/* a syllable of the place name */
			char *c = vh_capital(tok[i].text);
			buf_printf(&out, "%s%s%s", out.len ? " " : "", c, tok[i].tail);
			free(c);
			len = 1;
			if (*tok[i].tail)
				place = 0;
			continue;
		}
		if (e < 0 && vh_rest_unknown(tok, n, i)) {
			/* a name at the end, after its kind ("Trường Trung học cơ sở
			 * Tân Thành"): a proper name, every syllable a capital; still
			 * named in the warning, since phat is guessing */
			for (k = i; k < n; k++) {
				char *low = utf8_lower(tok[k].text);
				buf_printf(&unk, "%s%s", unk.len ? " " : "", low);
				free(low);
			}
			place = 1;
			len = 0;
			continue;
		}
		if (e < 0) {
			char *low = utf8_lower(tok[i].text);
			int number = strspn(tok[i].text, "0123456789") == strlen(tok[i].text);
			buf_printf(&out, "%s%s%s", out.len ? " " : "", number ? tok[i].text : low, tok[i].tail);
			if (!number)
				buf_printf(&unk, "%s%s", unk.len ? " " : "", low);
			free(low);
			len = 1;
			continue;
		}
		for (k = 0; k < len; k++) {
			enum vh_class c = vh_table[e].cls;
			char *t = c == VH_PROPER ? vh_word(vh_table[e].phrase, k)
				  : k == 0 && (c == VH_KIND || c == VH_FIELD) ? vh_capital(tok[i + k].text)
				  : utf8_lower(tok[i + k].text);

			buf_printf(&out, "%s%s%s", out.len ? " " : "", t, tok[i + k].tail);
			free(t);
		}
		place = vh_table[e].cls == VH_UNIT && !*tok[i + len - 1].tail;
	}
	for (i = 0; i < n; i++) {
		free(tok[i].text);
		free(tok[i].key);
		free(tok[i].tail);
	}
	free(tok);
	if (unk.len)
		*unknown = buf_take(&unk);
	buf_free(&unk);
	/* the name starts with a capital, whatever its first word */
	{
		char *s = buf_take(&out), *c;
		uint32_t cp;
		int l;
		char enc[8], *first;

		if (!*s)
			return s;
		l = utf8_decode(s, &cp);
		enc[utf8_encode(cp, enc)] = '\0';
		first = utf8_upper(enc);
		c = xasprintf("%s%s", first, s + l);
		free(first);
		free(s);
		return c;
	}
}

char *viethoa_agency_of(const struct meta *settings)
{
	const char *a = meta_str(settings, "co_quan");
	char *unknown = NULL, *r;

	if (!a || !*a)
		return NULL;
	r = viethoa_agency(a, &unknown);
	free(unknown);
	return r;
}
