/* OpenSSL behind one file: keys and certificates (PKCS#12, a PKCS#11
 * token through the OpenSSL pkcs11 engine, or a certificate alone for a
 * remote signing service), the CMS SignedData of a PAdES B-B signature
 * (ETSI EN 319 142-1; signed attributes exactly contentType,
 * messageDigest and signingCertificateV2, no signingTime), the RFC 3161
 * time-stamp of B-T, and the checks of `phat verify`.
 *
 * Every function reports its own errors through diag_error on the file
 * or setting concerned, in plain words, never with a password or PIN, and
 * returns NULL or -1. */
#ifndef PHAT_CMS_H
#define PHAT_CMS_H

#include <stddef.h>
#include <time.h>
#include "../util/util.h"

/* Loads libcrypto (not linked: only signing and verifying need it), routes
 * OpenSSL's allocations through phat's (out of memory is exit 3) and
 * loads its error strings. Call first, before any other cms_ call.
 * Returns 0, or -1 after saying which package to install. */
int cms_init(void);

struct cms_signer;

/* A PKCS#12 file (.p12 / .pfx): key, certificate and chain. */
struct cms_signer *cms_signer_pkcs12(const char *path, const char *password);
/* A key on a PKCS#11 token through the module (a .so file): the token by
 * its label, the key by its label (CKA_LABEL), the PIN. The certificate
 * comes from cert_path (PEM, with the chain after it) or, when NULL, from
 * the token's certificate object of the same label. */
struct cms_signer *cms_signer_pkcs11(const char *module, const char *token, const char *key,
				     const char *pin, const char *cert_path);
/* A certificate (PEM or DER; a PEM file may hold the chain after it) with
 * no key: the signature comes from elsewhere (a remote service). */
struct cms_signer *cms_signer_cert(const char *cert_path);
void cms_signer_free(struct cms_signer *s);

/* RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32) instead of PKCS#1 v1.5;
 * only for RSA keys. */
void cms_signer_set_pss(struct cms_signer *s, int pss);
/* Checks before signing (TT 15/2025/TT-BKHCN: the software checks the
 * certificate first): valid at `when`, a key usage that allows signing,
 * RSA of at least 2048 bits or EC of at least 256. 0, or -1 after
 * diag_error naming `what` (the key's file or token). */
int cms_signer_check(struct cms_signer *s, time_t when, const char *what);
/* The certificate holder's name (CN, else the whole subject), UTF-8.
 * Caller frees. */
char *cms_signer_name(const struct cms_signer *s);
/* The certificate and its chain as PEM, for the remote flow's state file.
 * Caller frees. */
char *cms_signer_pem(const struct cms_signer *s);
/* The room to reserve in /Contents (bytes of CMS): measured on a dry run
 * with a signature of the key's largest size, plus what a time-stamp
 * token needs when tsa is set. */
size_t cms_signer_room(struct cms_signer *s, int tsa);

/* One signature being made over a ByteRange digest (SHA-256). */
struct cms_job;

struct cms_job *cms_job_new(struct cms_signer *s, const unsigned char digest[32]);
void cms_job_free(struct cms_job *j);
/* The DER of the signed attributes (a SET OF, RFC 5652 §5.4): what the key
 * signs. Owned by j. */
const unsigned char *cms_job_attrs(struct cms_job *j, size_t *len);
/* Signs with the signer's key (PKCS#12 or token). 0 or -1. */
int cms_job_sign(struct cms_job *j, const char *what);
/* A signature made elsewhere over cms_job_attrs (a remote service): it is
 * verified with the certificate's public key before it is accepted.
 * 0, or -1 after diag_error naming `what`. */
int cms_job_set_signature(struct cms_job *j, const unsigned char *sig, size_t len, const char *what);
/* PAdES B-T: asks the RFC 3161 server at url (http://) for a time-stamp
 * over the signature value and adds it as the unsigned attribute
 * id-aa-signatureTimeStampToken. 0, or -1 after diag_error: nothing is
 * added, and the caller writes nothing. */
int cms_job_timestamp(struct cms_job *j, const char *url);
/* The CMS ContentInfo (DER) into out. 0 or -1. */
int cms_job_der(struct cms_job *j, struct buf *out);

/* SHA-256 of the pieces (a ByteRange's two ranges). */
void cms_sha256(const unsigned char *a, size_t an, const unsigned char *b, size_t bn, unsigned char out[32]);
/* Base64 of p[0..n), one line. Caller frees. */
char *cms_base64(const unsigned char *p, size_t n);
/* Decodes base64 (white space ignored) into out. 0 or -1. */
int cms_unbase64(const char *s, struct buf *out);

/* What `phat verify` says of one signature. */
struct cms_report {
	int parsed;               /* the CMS could be read */
	int intact;               /* digest and signature match the signed bytes */
	int trusted;              /* the certificate chains to a trusted root */
	char *signer;             /* CN of the signer's certificate, UTF-8 */
	char *issuer;             /* CN of its issuer */
	char *why;                /* why not intact or not trusted, in Vietnamese */
	char *digest;             /* "SHA-256" … */
	time_t signing_time;      /* the CMS signingTime attribute, or 0 */
	time_t ts_time;           /* the time-stamp's genTime, or 0 when none */
	int ts_ok;                /* the time-stamp covers this signature */
};

/* Checks the CMS cms[0..len) over the signed bytes (the ByteRange pieces
 * a and b): integrity, then the chain against the system's trusted roots
 * plus cafile (PEM, may be NULL), at the time-stamp's time when there is
 * one, else now. Fills r (free with cms_report_fini). */
void cms_verify(const unsigned char *cms, size_t len, const unsigned char *a, size_t an,
		const unsigned char *b, size_t bn, const char *cafile, struct cms_report *r);
void cms_report_fini(struct cms_report *r);
/* A document time-stamp (SubFilter ETSI.RFC3161, ETSI EN 319 142-1 §5.4,
 * PAdES B-LTA): the RFC 3161 token tok[0..len) must be intact and its
 * message imprint the hash of the pieces a and b; the TSA's certificate is
 * checked as a signer's is. Fills r (signer: the TSA; ts_time: genTime). */
void cms_verify_doc_timestamp(const unsigned char *tok, size_t len, const unsigned char *a, size_t an,
			      const unsigned char *b, size_t bn, const char *cafile, struct cms_report *r);

/* Whether sig is a signature by s's certificate over SHA-256 of data
 * (the remote flow's check). 1 yes, 0 no. */
int cms_signer_verifies(const struct cms_signer *s, const unsigned char *data, size_t dn,
			const unsigned char *sig, size_t sn);

/* Whether der[0..n) is a whole CMS SignedData (what some services return
 * instead of a bare signature value) that signs the pieces a and b intact,
 * made with s's certificate. 1 yes, 0 no. */
int cms_signer_made(const struct cms_signer *s, const unsigned char *der, size_t n, const unsigned char *a,
		    size_t an, const unsigned char *b, size_t bn);

/* Wipes a secret (a password, a PIN) so it stays nowhere in memory. */
void cms_cleanse(void *p, size_t n);

#endif
