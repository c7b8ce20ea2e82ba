/* Digital signatures on phat's PDFs as Nghị định 30/2020 shows them
 * (Phụ lục I, Phần I, Mục II khoản 7 and 8): the commands `phat sign` and
 * `phat verify`, and the empty signature fields every Nghị định 30
 * document gets when it is built. */
#ifndef PHAT_SIGN_H
#define PHAT_SIGN_H

#include "../layout/box.h"
#include "../util/util.h"

/* The names of the two fields (ISO 32000-1 §12.7.3.1 partial names):
 * the signer's (người có thẩm quyền) and the agency's (cơ quan). */
#define SIGN_FIELD_SIGNER "NguoiKy"
#define SIGN_FIELD_AGENCY "CoQuan"

/* phat sign …: argv[0] is "sign". Returns the exit status. */
int sign_main(int argc, char **argv);
/* phat verify FILE.pdf [--ca FILE]: argv[0] is "verify". */
int verify_main(int argc, char **argv);

/* Appends to pdf (libharu's output for ld) one incremental update with
 * the empty signature fields NguoiKy and CoQuan over the place the layout
 * left (the BOX_SIGN box: the signer's column between title and name),
 * /Version 1.7, and the document's number and date in the document
 * information (/SoKyHieu, /NgayBanHanh) when it has them. Nothing when
 * ld has no such place. 0, or -1 after diag_error naming name. */
int sign_fields_add(const struct layout_doc *ld, struct buf *pdf, const char *name);

/* Whether the PDF at path carries a signature: phat build never replaces
 * a signed file. -1 after diag_error when it does, else 0. */
int sign_guard(const char *path);

#endif
