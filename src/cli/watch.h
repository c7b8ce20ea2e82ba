/* phat watch: waits for saves in a content folder (Linux inotify) and says
 * which documents to build again. What a document depends on is learnt
 * while it builds: every file it reads or looks for (util's file_note
 * hook) between watch_doc(path) and the next watch_doc. The build itself
 * stays the caller's, so a watch prints what a build prints. */
#ifndef PHAT_WATCH_H
#define PHAT_WATCH_H

#include <stddef.h>

struct watch;

/* Watches root and every sub-folder (outdir and hidden folders left out;
 * folders made later are added). Ctrl-C (SIGINT, SIGTERM) while waiting
 * makes watch_wait return WATCH_STOP; during a build it stops the run as
 * before (the temporary file removed). Returns NULL after a message on
 * stderr (no inotify, too many folders for fs.inotify.max_user_watches). */
struct watch *watch_new(const char *root, const char *outdir);
void watch_free(struct watch *w);

/* The build of path (named as the build names it) starts: the files read
 * until the next call are its inputs. NULL: the round is over. */
void watch_doc(struct watch *w, const char *path);

enum watch_event {
	WATCH_STOP,   /* interrupted, or the content folder is gone */
	WATCH_SOME,   /* build *files again */
	WATCH_ALL     /* a phat.yaml, a folder or a removed document: build everything */
};

/* Blocks until a change touches a document: a Markdown file saved or
 * moved in (it and the documents that name it), or any file a document
 * read or looked for (its appendices, pictures, CSV, lexicon). Returns
 * once no event came for 100 ms (at most a second after the first), so
 * an editor's several writes make one build. For WATCH_SOME, *files holds
 * *n paths, sorted (caller frees each and the array). */
enum watch_event watch_wait(struct watch *w, char ***files, size_t *n);

#endif
