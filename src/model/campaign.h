/* A campaign: what the monthly statistics count. Communes run many
 * campaigns at once under Đề án 06 (public digital signatures, VNeID
 * level-2 accounts, cashless pensions, smartphones per household), over
 * units called xóm, thôn, bản, buôn, ấp, tổ dân phố or khu phố. A campaign
 * names
 *   - the unit ("don_vi: thôn"), used in table headers, chart titles,
 *     messages, file names and spoken text;
 *   - the CSV columns (key, label as printed, other header spellings);
 *   - one or more indicators (chỉ tiêu), each a numerator (one column or
 *     the sum of several: vnpt_smartca + viettel_mysign + khac), a
 *     denominator column and a target in per cent.
 *
 * It is written in phat.yaml or a document's front matter under
 * "chien_dich:" (a map, or the name of a YAML file holding that map);
 * without one, the digital-signature campaign of content/ is used
 * (campaign_default). This module turns the front-matter map into the
 * model; reading the named file is the caller's (src/blocks/hamlets.c). */
#ifndef PHAT_CAMPAIGN_H
#define PHAT_CAMPAIGN_H

#include <stddef.h>
#include "meta.h"

#define CAMPAIGN_MAX_COLS 64      /* columns one campaign defines */
#define CAMPAIGN_MAX_INDS 16      /* indicators of one campaign */

struct campaign_col {
	char *key;                /* "vnpt_smartca": a folded key, [a-z0-9_] */
	char *label;              /* "VNPT SmartCA": the table header */
	char **alias;             /* other header spellings, folded like key */
	size_t nalias;
};

struct campaign_ind {
	char *key;                /* "chu_ky_so": names its figures {{tong.chu_ky_so.ty_le}} */
	char *name;               /* as printed: "Người dân trưởng thành có chữ ký số công cộng" */
	char *spoken;             /* as read aloud (loudspeaker scripts); never NULL */
	size_t num[CAMPAIGN_MAX_COLS]; /* columns summed into the numerator */
	size_t nnum;
	size_t den;               /* the denominator's column */
	int target_tenths;        /* target in tenths of a per cent (500 = 50 %) */
};

struct campaign {
	char *unit;               /* "xóm", "thôn", "tổ dân phố": lower case as in running text */
	char *unit_key;           /* "xom", "thon", "to_dan_pho": {{thon.ten}} */
	struct campaign_col *cols;
	size_t ncols;
	struct campaign_ind *inds;
	size_t ninds;
};

/* The digital-signature campaign of content/: unit xóm; columns
 * dan_so_truong_thanh, vnpt_smartca, viettel_mysign, khac and
 * dinh_danh_muc_2; one indicator chu_ky_so = vnpt_smartca + viettel_mysign
 * + khac over dan_so_truong_thanh, target 50 %. Caller frees. */
struct campaign *campaign_default(void);

/* Builds a campaign from the map under "chien_dich:" (keys don_vi, cot,
 * chi_tieu; see README "Campaigns"). Returns a new campaign (caller frees)
 * or NULL after diag_error at the offending value. */
struct campaign *campaign_from_meta(const struct meta *m);

struct campaign *campaign_copy(const struct campaign *c);
void campaign_free(struct campaign *c);

/* Index of the column or indicator whose key is key, or -1. */
long campaign_col_find(const struct campaign *c, const char *key);
long campaign_ind_find(const struct campaign *c, const char *key);

/* Whether column k is part of an indicator (then its cells must hold
 * numbers; other columns may be left empty). */
int campaign_col_used(const struct campaign *c, size_t k);

/* A header, a unit or any label folded to a key: "Dân số trưởng thành
 * (người)" → "dan_so_truong_thanh_nguoi", "Tổ dân phố" → "to_dan_pho"
 * (ASCII letters and digits, words joined by "_"). Caller frees. */
char *campaign_fold(const char *s);

/* The unit name with a capital, for table headers: "thôn" → "Thôn".
 * Caller frees. */
char *campaign_unit_title(const struct campaign *c);

#endif
