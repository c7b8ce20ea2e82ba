#include <dlfcn.h>
#include <stdlib.h>
#include "dl.h"
#include "diag.h"

int dl_open(struct dl_lib *l, const char *file)
{
	if (l->handle)
		return 0;
	/* RTLD_LOCAL: the library's symbols stay out of the global scope;
	 * what it loads itself (OpenSSL's pkcs11 engine, its providers) finds
	 * it through its own dependencies */
	l->handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	if (!l->handle) {
		diag_error(pos_file(file), "cannot load %s, which %s needs: apt-get install %s (%s)", l->soname,
			   l->what, l->package, dlerror());
		return -1;
	}
	return 0;
}

void *dl_sym(struct dl_lib *l, const char *name)
{
	void *p;

	if (dl_open(l, NULL) != 0)
		exit(1);
	p = dlsym(l->handle, name);
	if (!p) {
		diag_error((struct pos){ 0 }, "%s has no %s, which %s needs: apt-get install --reinstall %s",
			   l->soname, name, l->what, l->package);
		exit(1);
	}
	return p;
}
