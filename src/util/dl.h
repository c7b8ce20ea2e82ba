/* Libraries only one command needs, opened when that command first uses
 * them: OpenSSL's libcrypto for `phat sign` and `phat verify`, cairo for
 * phone pages as pictures. Linked at start, they cost every run ~3 MB of
 * resident memory and the relocation of thousands of symbols (bench:
 * `phat --version`). Each stays behind its one file (cms.c, png.c), which
 * names its functions through DL_FN; nothing else changes at the call
 * sites. */
#ifndef PHAT_DL_H
#define PHAT_DL_H

/* One library: its soname (what dlopen looks for), the Debian package that
 * holds it and what phat needs it for, in words for the message when it
 * is missing. handle is filled by dl_open. */
struct dl_lib {
	const char *soname;
	const char *package;
	const char *what;
	void *handle;
};

/* Opens l once (later calls return at once). Returns 0, or -1 after
 * "<file>: error: cannot load <soname>, which <what> needs: apt-get
 * install <package>" (dlerror's words after it; "phat" for a NULL file,
 * else the file the run was making). */
int dl_open(struct dl_lib *l, const char *file);

/* The address of name in l, opening l first if needed. A library that
 * cannot be opened or lacks the name (another major version) is reported
 * as above and ends the run with exit 1: callers open the library with
 * dl_open first where they can fail politely. */
void *dl_sym(struct dl_lib *l, const char *name);

/* Stands for function f of library l, with f's own type from its header:
 * `#define X509_free DL_FN(crypto, X509_free)` makes every call of
 * X509_free, also those inside the header's macros, go through the
 * address looked up once per call site. f inside its own macro is not
 * expanded again (C11 6.10.3.4), so #f and __typeof__ see the header's
 * declaration, which is never referenced and needs no linking. */
#define DL_FN(l, f)                                                                 \
	(*__extension__({                                                           \
		static void *dl_fn_;                                                \
		if (!dl_fn_)                                                        \
			dl_fn_ = dl_sym(&(l), #f);                                  \
		(__typeof__(&f))dl_fn_;                                             \
	}))

#endif
