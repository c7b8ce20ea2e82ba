/* phat new: a first document of a kind that builds as it is. */
#ifndef PHAT_STARTER_H
#define PHAT_STARTER_H

/* The kinds phat new knows, NULL-terminated (for --help and completion). */
extern const char *const starter_kinds[];

/* Writes NAME.md (name defaults to the kind; ".md" added when missing) as
 * a first document of kind, and, when its folder and those above have
 * none, a phat.yaml with the commune's settings to edit; a report also
 * gets an example CSV of this month. Never writes over a file. Prints
 * what it wrote on stdout. Returns 0, 1 when a file could not be written,
 * 2 for an unknown kind or a name already taken. */
int starter_write(const char *kind, const char *name);

#endif
