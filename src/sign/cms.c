/* OpenSSL 3.0 (Debian 12), the only file that includes the OpenSSL headers.
 *
 * The CMS is built by hand (the project's signature notes, §4 path b):
 * OpenSSL 3.0 always adds signingTime when it signs a SignerInfo itself,
 * which PAdES B-B forbids, and has no flag against it (openssl issue
 * 15777). So CMS_add1_signer gets the certificate's public key (nothing is
 * signed yet), we add contentType and messageDigest, encode the signed
 * attributes ourselves in DER order, have that DER signed (our key, the
 * token, or a remote service), and set the value.
 *
 * The pkcs11 engine API is deprecated in 3.0 but is what Debian 12 ships
 * (libengine-pkcs11-openssl; the pkcs11 provider is only in backports):
 * OPENSSL_SUPPRESS_DEPRECATED keeps the build free of warnings. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/asn1t.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/http.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cms.h"
#include "../util/diag.h"
#include "../util/dl.h"

/* libcrypto is opened by cms_init, so only `phat sign` and `phat verify`
 * load it (1.5 MB mapped, ~4,000 relocations: every other run is lighter
 * without). Every OpenSSL function this file calls, also through the
 * headers' macros, is one of these; one missing here fails the link. */
static struct dl_lib crypto = { "libcrypto.so.3", "libssl3", "signing and verifying (OpenSSL)", NULL };
#define ASN1_INTEGER_free DL_FN(crypto, ASN1_INTEGER_free)
#define ASN1_INTEGER_get DL_FN(crypto, ASN1_INTEGER_get)
#define ASN1_INTEGER_new DL_FN(crypto, ASN1_INTEGER_new)
#define ASN1_INTEGER_set DL_FN(crypto, ASN1_INTEGER_set)
#define ASN1_STRING_free DL_FN(crypto, ASN1_STRING_free)
#define ASN1_STRING_get0_data DL_FN(crypto, ASN1_STRING_get0_data)
#define ASN1_STRING_length DL_FN(crypto, ASN1_STRING_length)
#define ASN1_STRING_set DL_FN(crypto, ASN1_STRING_set)
#define ASN1_STRING_to_UTF8 DL_FN(crypto, ASN1_STRING_to_UTF8)
#define ASN1_TIME_to_tm DL_FN(crypto, ASN1_TIME_to_tm)
#define ASN1_item_i2d DL_FN(crypto, ASN1_item_i2d)
#define ASN1_item_pack DL_FN(crypto, ASN1_item_pack)
#define BIO_ctrl DL_FN(crypto, BIO_ctrl)
#define BIO_free DL_FN(crypto, BIO_free)
#define BIO_new DL_FN(crypto, BIO_new)
#define BIO_new_file DL_FN(crypto, BIO_new_file)
#define BIO_new_mem_buf DL_FN(crypto, BIO_new_mem_buf)
#define BIO_s_mem DL_FN(crypto, BIO_s_mem)
#define BIO_write DL_FN(crypto, BIO_write)
#define BN_bin2bn DL_FN(crypto, BN_bin2bn)
#define BN_free DL_FN(crypto, BN_free)
#define BN_to_ASN1_INTEGER DL_FN(crypto, BN_to_ASN1_INTEGER)
#define CMS_ContentInfo_free DL_FN(crypto, CMS_ContentInfo_free)
#define CMS_SignerInfo_get0_algs DL_FN(crypto, CMS_SignerInfo_get0_algs)
#define CMS_SignerInfo_get0_signature DL_FN(crypto, CMS_SignerInfo_get0_signature)
#define CMS_add1_signer DL_FN(crypto, CMS_add1_signer)
#define CMS_get0_SignerInfos DL_FN(crypto, CMS_get0_SignerInfos)
#define CMS_get0_content DL_FN(crypto, CMS_get0_content)
#define CMS_get0_signers DL_FN(crypto, CMS_get0_signers)
#define CMS_get0_type DL_FN(crypto, CMS_get0_type)
#define CMS_get1_certs DL_FN(crypto, CMS_get1_certs)
#define CMS_sign DL_FN(crypto, CMS_sign)
#define CMS_signed_add1_attr_by_NID DL_FN(crypto, CMS_signed_add1_attr_by_NID)
#define CMS_signed_get_attr DL_FN(crypto, CMS_signed_get_attr)
#define CMS_signed_get_attr_by_NID DL_FN(crypto, CMS_signed_get_attr_by_NID)
#define CMS_signed_get_attr_count DL_FN(crypto, CMS_signed_get_attr_count)
#define CMS_unsigned_add1_attr_by_NID DL_FN(crypto, CMS_unsigned_add1_attr_by_NID)
#define CMS_unsigned_get_attr DL_FN(crypto, CMS_unsigned_get_attr)
#define CMS_unsigned_get_attr_by_NID DL_FN(crypto, CMS_unsigned_get_attr_by_NID)
#define CMS_verify DL_FN(crypto, CMS_verify)
#define CRYPTO_free DL_FN(crypto, CRYPTO_free)
#define CRYPTO_set_mem_functions DL_FN(crypto, CRYPTO_set_mem_functions)
#define ECDSA_SIG_free DL_FN(crypto, ECDSA_SIG_free)
#define ECDSA_SIG_new DL_FN(crypto, ECDSA_SIG_new)
#define ECDSA_SIG_set0 DL_FN(crypto, ECDSA_SIG_set0)
#define ENGINE_by_id DL_FN(crypto, ENGINE_by_id)
#define ENGINE_ctrl_cmd DL_FN(crypto, ENGINE_ctrl_cmd)
#define ENGINE_ctrl_cmd_string DL_FN(crypto, ENGINE_ctrl_cmd_string)
#define ENGINE_finish DL_FN(crypto, ENGINE_finish)
#define ENGINE_free DL_FN(crypto, ENGINE_free)
#define ENGINE_init DL_FN(crypto, ENGINE_init)
#define ENGINE_load_private_key DL_FN(crypto, ENGINE_load_private_key)
#define ERR_clear_error DL_FN(crypto, ERR_clear_error)
#define ERR_get_error DL_FN(crypto, ERR_get_error)
#define ERR_peek_last_error DL_FN(crypto, ERR_peek_last_error)
#define ERR_reason_error_string DL_FN(crypto, ERR_reason_error_string)
#define EVP_DecodeFinal DL_FN(crypto, EVP_DecodeFinal)
#define EVP_DecodeInit DL_FN(crypto, EVP_DecodeInit)
#define EVP_DecodeUpdate DL_FN(crypto, EVP_DecodeUpdate)
#define EVP_Digest DL_FN(crypto, EVP_Digest)
#define EVP_DigestFinal_ex DL_FN(crypto, EVP_DigestFinal_ex)
#define EVP_DigestInit_ex DL_FN(crypto, EVP_DigestInit_ex)
#define EVP_DigestSign DL_FN(crypto, EVP_DigestSign)
#define EVP_DigestSignInit DL_FN(crypto, EVP_DigestSignInit)
#define EVP_DigestUpdate DL_FN(crypto, EVP_DigestUpdate)
#define EVP_DigestVerify DL_FN(crypto, EVP_DigestVerify)
#define EVP_DigestVerifyInit DL_FN(crypto, EVP_DigestVerifyInit)
#define EVP_ENCODE_CTX_free DL_FN(crypto, EVP_ENCODE_CTX_free)
#define EVP_ENCODE_CTX_new DL_FN(crypto, EVP_ENCODE_CTX_new)
#define EVP_EncodeBlock DL_FN(crypto, EVP_EncodeBlock)
#define EVP_MD_CTX_free DL_FN(crypto, EVP_MD_CTX_free)
#define EVP_MD_CTX_new DL_FN(crypto, EVP_MD_CTX_new)
#define EVP_MD_get_type DL_FN(crypto, EVP_MD_get_type)
#define EVP_PKEY_CTX_set_rsa_mgf1_md DL_FN(crypto, EVP_PKEY_CTX_set_rsa_mgf1_md)
#define EVP_PKEY_CTX_set_rsa_padding DL_FN(crypto, EVP_PKEY_CTX_set_rsa_padding)
#define EVP_PKEY_CTX_set_rsa_pss_saltlen DL_FN(crypto, EVP_PKEY_CTX_set_rsa_pss_saltlen)
#define EVP_PKEY_eq DL_FN(crypto, EVP_PKEY_eq)
#define EVP_PKEY_free DL_FN(crypto, EVP_PKEY_free)
#define EVP_PKEY_get_base_id DL_FN(crypto, EVP_PKEY_get_base_id)
#define EVP_PKEY_get_bits DL_FN(crypto, EVP_PKEY_get_bits)
#define EVP_PKEY_get_size DL_FN(crypto, EVP_PKEY_get_size)
#define EVP_get_digestbyname DL_FN(crypto, EVP_get_digestbyname)
#define EVP_sha1 DL_FN(crypto, EVP_sha1)
#define EVP_sha256 DL_FN(crypto, EVP_sha256)
#define OBJ_nid2obj DL_FN(crypto, OBJ_nid2obj)
#define OBJ_nid2sn DL_FN(crypto, OBJ_nid2sn)
#define OBJ_obj2nid DL_FN(crypto, OBJ_obj2nid)
#define OPENSSL_cleanse DL_FN(crypto, OPENSSL_cleanse)
#define OPENSSL_init_crypto DL_FN(crypto, OPENSSL_init_crypto)
#define OPENSSL_sk_free DL_FN(crypto, OPENSSL_sk_free)
#define OPENSSL_sk_new_null DL_FN(crypto, OPENSSL_sk_new_null)
#define OPENSSL_sk_num DL_FN(crypto, OPENSSL_sk_num)
#define OPENSSL_sk_pop_free DL_FN(crypto, OPENSSL_sk_pop_free)
#define OPENSSL_sk_push DL_FN(crypto, OPENSSL_sk_push)
#define OPENSSL_sk_value DL_FN(crypto, OPENSSL_sk_value)
#define OSSL_HTTP_parse_url DL_FN(crypto, OSSL_HTTP_parse_url)
#define OSSL_HTTP_transfer DL_FN(crypto, OSSL_HTTP_transfer)
#define OSSL_PROVIDER_load DL_FN(crypto, OSSL_PROVIDER_load)
#define PEM_read_bio_X509 DL_FN(crypto, PEM_read_bio_X509)
#define PEM_write_bio_X509 DL_FN(crypto, PEM_write_bio_X509)
#define PKCS12_free DL_FN(crypto, PKCS12_free)
#define PKCS12_mac_present DL_FN(crypto, PKCS12_mac_present)
#define PKCS12_parse DL_FN(crypto, PKCS12_parse)
#define PKCS12_verify_mac DL_FN(crypto, PKCS12_verify_mac)
#define PKCS7_free DL_FN(crypto, PKCS7_free)
#define PKCS7_get0_signers DL_FN(crypto, PKCS7_get0_signers)
#define PKCS7_to_TS_TST_INFO DL_FN(crypto, PKCS7_to_TS_TST_INFO)
#define PKCS7_verify DL_FN(crypto, PKCS7_verify)
#define RAND_bytes DL_FN(crypto, RAND_bytes)
#define RSA_PSS_PARAMS_free DL_FN(crypto, RSA_PSS_PARAMS_free)
#define RSA_PSS_PARAMS_it DL_FN(crypto, RSA_PSS_PARAMS_it)
#define RSA_PSS_PARAMS_new DL_FN(crypto, RSA_PSS_PARAMS_new)
#define SHA256 DL_FN(crypto, SHA256)
#define TS_MSG_IMPRINT_free DL_FN(crypto, TS_MSG_IMPRINT_free)
#define TS_MSG_IMPRINT_get_algo DL_FN(crypto, TS_MSG_IMPRINT_get_algo)
#define TS_MSG_IMPRINT_get_msg DL_FN(crypto, TS_MSG_IMPRINT_get_msg)
#define TS_MSG_IMPRINT_new DL_FN(crypto, TS_MSG_IMPRINT_new)
#define TS_MSG_IMPRINT_set_algo DL_FN(crypto, TS_MSG_IMPRINT_set_algo)
#define TS_MSG_IMPRINT_set_msg DL_FN(crypto, TS_MSG_IMPRINT_set_msg)
#define TS_REQ_free DL_FN(crypto, TS_REQ_free)
#define TS_REQ_new DL_FN(crypto, TS_REQ_new)
#define TS_REQ_set_cert_req DL_FN(crypto, TS_REQ_set_cert_req)
#define TS_REQ_set_msg_imprint DL_FN(crypto, TS_REQ_set_msg_imprint)
#define TS_REQ_set_nonce DL_FN(crypto, TS_REQ_set_nonce)
#define TS_REQ_set_version DL_FN(crypto, TS_REQ_set_version)
#define TS_REQ_to_TS_VERIFY_CTX DL_FN(crypto, TS_REQ_to_TS_VERIFY_CTX)
#define TS_RESP_free DL_FN(crypto, TS_RESP_free)
#define TS_RESP_get_status_info DL_FN(crypto, TS_RESP_get_status_info)
#define TS_RESP_get_token DL_FN(crypto, TS_RESP_get_token)
#define TS_RESP_verify_response DL_FN(crypto, TS_RESP_verify_response)
#define TS_STATUS_INFO_get0_status DL_FN(crypto, TS_STATUS_INFO_get0_status)
#define TS_TST_INFO_free DL_FN(crypto, TS_TST_INFO_free)
#define TS_TST_INFO_get_msg_imprint DL_FN(crypto, TS_TST_INFO_get_msg_imprint)
#define TS_TST_INFO_get_time DL_FN(crypto, TS_TST_INFO_get_time)
#define TS_VERIFY_CTX_free DL_FN(crypto, TS_VERIFY_CTX_free)
#define TS_VERIFY_CTX_set_flags DL_FN(crypto, TS_VERIFY_CTX_set_flags)
#define X509_ALGOR_free DL_FN(crypto, X509_ALGOR_free)
#define X509_ALGOR_it DL_FN(crypto, X509_ALGOR_it)
#define X509_ALGOR_new DL_FN(crypto, X509_ALGOR_new)
#define X509_ALGOR_set0 DL_FN(crypto, X509_ALGOR_set0)
#define X509_ALGOR_set_md DL_FN(crypto, X509_ALGOR_set_md)
#define X509_ATTRIBUTE_get0_type DL_FN(crypto, X509_ATTRIBUTE_get0_type)
#define X509_ATTRIBUTE_it DL_FN(crypto, X509_ATTRIBUTE_it)
#define X509_NAME_ENTRY_get_data DL_FN(crypto, X509_NAME_ENTRY_get_data)
#define X509_NAME_get_entry DL_FN(crypto, X509_NAME_get_entry)
#define X509_NAME_get_index_by_NID DL_FN(crypto, X509_NAME_get_index_by_NID)
#define X509_NAME_print_ex DL_FN(crypto, X509_NAME_print_ex)
#define X509_STORE_CTX_free DL_FN(crypto, X509_STORE_CTX_free)
#define X509_STORE_CTX_get_error DL_FN(crypto, X509_STORE_CTX_get_error)
#define X509_STORE_CTX_init DL_FN(crypto, X509_STORE_CTX_init)
#define X509_STORE_CTX_new DL_FN(crypto, X509_STORE_CTX_new)
#define X509_STORE_CTX_set_purpose DL_FN(crypto, X509_STORE_CTX_set_purpose)
#define X509_STORE_CTX_set_time DL_FN(crypto, X509_STORE_CTX_set_time)
#define X509_STORE_free DL_FN(crypto, X509_STORE_free)
#define X509_STORE_load_file DL_FN(crypto, X509_STORE_load_file)
#define X509_STORE_new DL_FN(crypto, X509_STORE_new)
#define X509_STORE_set_default_paths DL_FN(crypto, X509_STORE_set_default_paths)
#define X509_check_private_key DL_FN(crypto, X509_check_private_key)
#define X509_cmp DL_FN(crypto, X509_cmp)
#define X509_cmp_time DL_FN(crypto, X509_cmp_time)
#define X509_free DL_FN(crypto, X509_free)
#define X509_get0_notAfter DL_FN(crypto, X509_get0_notAfter)
#define X509_get0_notBefore DL_FN(crypto, X509_get0_notBefore)
#define X509_get0_pubkey DL_FN(crypto, X509_get0_pubkey)
#define X509_get_issuer_name DL_FN(crypto, X509_get_issuer_name)
#define X509_get_key_usage DL_FN(crypto, X509_get_key_usage)
#define X509_get_subject_name DL_FN(crypto, X509_get_subject_name)
#define X509_verify_cert DL_FN(crypto, X509_verify_cert)
#define X509_verify_cert_error_string DL_FN(crypto, X509_verify_cert_error_string)
#define d2i_CMS_ContentInfo DL_FN(crypto, d2i_CMS_ContentInfo)
#define d2i_PKCS12_bio DL_FN(crypto, d2i_PKCS12_bio)
#define d2i_PKCS7 DL_FN(crypto, d2i_PKCS7)
#define d2i_TS_RESP_bio DL_FN(crypto, d2i_TS_RESP_bio)
#define d2i_X509_bio DL_FN(crypto, d2i_X509_bio)
#define i2d_CMS_ContentInfo DL_FN(crypto, i2d_CMS_ContentInfo)
#define i2d_ECDSA_SIG DL_FN(crypto, i2d_ECDSA_SIG)
#define i2d_PKCS7 DL_FN(crypto, i2d_PKCS7)
#define i2d_TS_REQ DL_FN(crypto, i2d_TS_REQ)

struct cms_signer {
	X509 *cert;
	STACK_OF(X509) *chain;    /* the certificates above it (may be empty) */
	EVP_PKEY *key;            /* NULL: the signature comes from elsewhere */
	ENGINE *engine;           /* the pkcs11 engine holding key, or NULL */
	int pss;
};

struct cms_job {
	struct cms_signer *s;
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	unsigned char *attrs;     /* DER of the signed attributes */
	size_t attrs_len;
};

/* The signed attributes as DER: a SET OF Attribute, sorted as DER wants
 * (RFC 5652 §5.4: the signature is over this encoding with the SET tag). */
typedef STACK_OF(X509_ATTRIBUTE) CMS_ATTRS;
DECLARE_ASN1_ITEM(CMS_ATTRS)
/* The template names its element's item by a function it points to, in
 * static data: this one, since X509_ATTRIBUTE_it is only found at run time. */
static const ASN1_ITEM *CMS_ATTR_it(void)
{
	return ASN1_ITEM_rptr(X509_ATTRIBUTE);
}
ASN1_ITEM_TEMPLATE(CMS_ATTRS) =
	ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SET_ORDER, 0, CMS_ATTRS, CMS_ATTR)
ASN1_ITEM_TEMPLATE_END(CMS_ATTRS)

/* ---- set-up ---- */

static void *cms_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return xmalloc(n);
}

static void *cms_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return xrealloc(p, n);
}

static void cms_free_fn(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	free(p);
}

int cms_init(void)
{
	if (dl_open(&crypto, NULL) != 0)
		return -1;
	/* fails (harmlessly) when OpenSSL has already allocated */
	CRYPTO_set_mem_functions(cms_malloc, cms_realloc, cms_free_fn);
	/* no clean-up at exit: it allocates, and running out of memory there,
	 * after the signed file is written, would turn success into exit 3;
	 * what OpenSSL keeps stays reachable and is not a leak */
	OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_ATEXIT, NULL);
	return 0;
}

void cms_cleanse(void *p, size_t n)
{
	if (p)
		OPENSSL_cleanse(p, n);
}

/* ---- signers ---- */

void cms_signer_free(struct cms_signer *s)
{
	if (!s)
		return;
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	EVP_PKEY_free(s->key);
	if (s->engine) {
		ENGINE_finish(s->engine);
		ENGINE_free(s->engine);
	}
	free(s);
}

/* Reads certificates from a PEM or DER file: the first is the signer's,
 * the others its chain. */
static int read_certs(const char *path, X509 **cert, STACK_OF(X509) **chain)
{
	BIO *in = BIO_new_file(path, "rb");
	X509 *x;
	int ret = -1;

	*cert = NULL;
	*chain = sk_X509_new_null();
	if (!in) {
		diag_error(pos_file(path), "cannot read this certificate file: %s", strerror(errno ? errno : ENOENT));
		return -1;
	}
	while ((x = PEM_read_bio_X509(in, NULL, NULL, NULL))) {
		if (!*cert)
			*cert = x;
		else
			sk_X509_push(*chain, x);
	}
	ERR_clear_error();
	if (!*cert) {
		(void)BIO_reset(in);
		*cert = d2i_X509_bio(in, NULL);
		ERR_clear_error();
	}
	if (!*cert)
		diag_error(pos_file(path), "this file holds no certificate (PEM \"BEGIN CERTIFICATE\" or DER); "
			   "ask the CA or the signing service for the signer's certificate");
	else
		ret = 0;
	BIO_free(in);
	return ret;
}

struct cms_signer *cms_signer_cert(const char *cert_path)
{
	struct cms_signer *s = xcalloc(1, sizeof *s);

	if (read_certs(cert_path, &s->cert, &s->chain) != 0) {
		cms_signer_free(s);
		return NULL;
	}
	return s;
}

/* PKCS12_parse with the password; the legacy provider is loaded for the
 * RC2 and 3DES files older Windows tools export. */
static int p12_parse(PKCS12 *p12, const char *password, EVP_PKEY **key, X509 **cert, STACK_OF(X509) **ca)
{
	static int legacy;

	if (PKCS12_parse(p12, password, key, cert, ca))
		return 0;
	if (legacy)
		return -1;
	legacy = 1;
	ERR_clear_error();
	if (!OSSL_PROVIDER_load(NULL, "legacy") || !OSSL_PROVIDER_load(NULL, "default"))
		return -1;
	return PKCS12_parse(p12, password, key, cert, ca) ? 0 : -1;
}

struct cms_signer *cms_signer_pkcs12(const char *path, const char *password)
{
	struct cms_signer *s = xcalloc(1, sizeof *s);
	BIO *in = BIO_new_file(path, "rb");
	PKCS12 *p12 = NULL;
	STACK_OF(X509) *ca = NULL;

	if (!in) {
		diag_error(pos_file(path), "cannot read this key file: %s", strerror(errno ? errno : ENOENT));
		goto fail;
	}
	p12 = d2i_PKCS12_bio(in, NULL);
	if (!p12) {
		diag_error(pos_file(path), "this is not a PKCS#12 key file (.p12 or .pfx, with the key and "
			   "the certificate); export the key again from the CA's tool");
		goto fail;
	}
	if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, password, -1)) {
		diag_error(pos_file(path), "the password of this key file is wrong (nothing was written)");
		goto fail;
	}
	if (p12_parse(p12, password, &s->key, &s->cert, &ca) != 0) {
		diag_error(pos_file(path), "this key file cannot be opened with that password, or uses an "
			   "encryption OpenSSL does not know (nothing was written)");
		goto fail;
	}
	if (!s->key || !s->cert) {
		diag_error(pos_file(path), "this key file holds no %s; export the key with its certificate",
			   s->key ? "certificate" : "private key");
		goto fail;
	}
	if (!X509_check_private_key(s->cert, s->key)) {
		diag_error(pos_file(path), "the key in this file does not belong to its certificate");
		goto fail;
	}
	s->chain = ca ? ca : sk_X509_new_null();
	ca = NULL;
	BIO_free(in);
	PKCS12_free(p12);
	ERR_clear_error();
	return s;
fail:
	sk_X509_pop_free(ca, X509_free);
	BIO_free(in);
	PKCS12_free(p12);
	cms_signer_free(s);
	ERR_clear_error();
	return NULL;
}

/* RFC 7512 percent-encoding of a label inside a pkcs11: URI. */
static void uri_add(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c))
			buf_addc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

/* Why the engine failed, from the PKCS#11 return value libp11 leaves in
 * OpenSSL's error queue (PKCS#11 v2.40 §11.1 CKR_ codes). */
static const char *pkcs11_why(void)
{
	unsigned long e;
	const char *why = NULL;

	while ((e = ERR_get_error())) {
		int r = ERR_GET_REASON(e);
		const char *s = ERR_reason_error_string(e);
		if (r == 0xA0 || (s && strstr(s, "PIN") && strstr(s, "ncorrect")))
			why = "the PIN is wrong (after a few wrong PINs the token locks: ask its administrator)";
		else if (r == 0xA4 || (s && strstr(s, "PIN") && strstr(s, "ocked")))
			why = "the token is locked after too many wrong PINs: ask its administrator";
		else if (!why && (r == 0xE0 || r == 0xE1))
			why = "the token is not plugged in";
	}
	return why;
}

struct cms_signer *cms_signer_pkcs11(const char *module, const char *token, const char *key,
				     const char *pin, const char *cert_path)
{
	struct cms_signer *s = xcalloc(1, sizeof *s);
	struct buf uri;
	const char *why;

	buf_init(&uri);
	if (access(module, R_OK) != 0) {
		diag_error(pos_file(module), "cannot read the PKCS#11 module (the token's driver, a .so file): %s",
			   strerror(errno));
		goto fail;
	}
	s->engine = ENGINE_by_id("pkcs11");
	if (!s->engine) {
		diag_error(pos_file(module), "OpenSSL's pkcs11 engine is missing: install the Debian package "
			   "libengine-pkcs11-openssl");
		goto fail;
	}
	if (!ENGINE_ctrl_cmd_string(s->engine, "MODULE_PATH", module, 0) ||
	    (pin && !ENGINE_ctrl_cmd_string(s->engine, "PIN", pin, 0)) || !ENGINE_init(s->engine)) {
		ENGINE_free(s->engine);
		s->engine = NULL;
		diag_error(pos_file(module), "the PKCS#11 module cannot be loaded: is it the token's driver?");
		goto fail;
	}
	buf_adds(&uri, "pkcs11:token=");
	uri_add(&uri, token);
	buf_adds(&uri, ";object=");
	uri_add(&uri, key);
	buf_adds(&uri, ";type=private");
	ERR_clear_error();
	s->key = ENGINE_load_private_key(s->engine, buf_str(&uri), NULL, NULL);
	if (!s->key) {
		why = pkcs11_why();
		diag_error(pos_file(module), "cannot use the key \"%s\" on the token \"%s\": %s (nothing was written)",
			   key, token, why ? why : "no such token, or no such key on it (pkcs11-tool "
			   "--list-objects shows what it holds)");
		goto fail;
	}
	if (cert_path) {
		if (read_certs(cert_path, &s->cert, &s->chain) != 0)
			goto fail;
	} else {
		struct {
			const char *uri;
			X509 *cert;
		} p = { NULL, NULL };
		struct buf cu;
		buf_init(&cu);
		buf_adds(&cu, "pkcs11:token=");
		uri_add(&cu, token);
		buf_adds(&cu, ";object=");
		uri_add(&cu, key);
		buf_adds(&cu, ";type=cert");
		p.uri = buf_str(&cu);
		ENGINE_ctrl_cmd(s->engine, "LOAD_CERT_CTRL", 0, &p, NULL, 1);
		buf_free(&cu);
		s->cert = p.cert;
		s->chain = sk_X509_new_null();
		if (!s->cert) {
			diag_error(pos_file(module), "the token \"%s\" holds no certificate labelled \"%s\": give "
				   "the certificate file with --cert", token, key);
			goto fail;
		}
	}
	if (!X509_check_private_key(s->cert, s->key)) {
		/* a token key cannot be compared directly: compare public halves */
		EVP_PKEY *pub = X509_get0_pubkey(s->cert);
		ERR_clear_error();
		if (!pub || EVP_PKEY_eq(pub, s->key) != 1) {
			diag_error(pos_file(module), "the key \"%s\" on the token does not belong to the certificate",
				   key);
			goto fail;
		}
	}
	buf_free(&uri);
	ERR_clear_error();
	return s;
fail:
	buf_free(&uri);
	cms_signer_free(s);
	ERR_clear_error();
	return NULL;
}

void cms_signer_set_pss(struct cms_signer *s, int pss)
{
	s->pss = pss;
}

/* "dd/mm/yyyy" of an ASN1_TIME. */
static void time_words(const ASN1_TIME *t, char *out, size_t n)
{
	struct tm tm;

	if (t && ASN1_TIME_to_tm(t, &tm))
		snprintf(out, n, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
	else
		snprintf(out, n, "?");
}

int cms_signer_check(struct cms_signer *s, time_t when, const char *what)
{
	EVP_PKEY *pub = X509_get0_pubkey(s->cert);
	uint32_t ku = X509_get_key_usage(s->cert);
	char a[32], b[32];
	int bits;

	time_words(X509_get0_notBefore(s->cert), a, sizeof a);
	time_words(X509_get0_notAfter(s->cert), b, sizeof b);
	if (X509_cmp_time(X509_get0_notBefore(s->cert), &when) > 0) {
		diag_error(pos_file(what), "the certificate is not valid yet: it is valid from %s to %s", a, b);
		return -1;
	}
	if (X509_cmp_time(X509_get0_notAfter(s->cert), &when) < 0) {
		diag_error(pos_file(what), "the certificate expired on %s: ask the CA to renew it", b);
		return -1;
	}
	if (ku != UINT32_MAX && !(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		diag_error(pos_file(what), "this certificate is not for signing (its key usage allows neither "
			   "digitalSignature nor nonRepudiation)");
		return -1;
	}
	if (!pub) {
		diag_error(pos_file(what), "the certificate's public key cannot be read");
		return -1;
	}
	bits = EVP_PKEY_get_bits(pub);
	switch (EVP_PKEY_get_base_id(pub)) {
	case EVP_PKEY_RSA:
		if (bits < 2048) {
			diag_error(pos_file(what), "the key is RSA of %d bits; TT 15/2025/TT-BKHCN requires at least "
				   "2048", bits);
			return -1;
		}
		break;
	case EVP_PKEY_EC:
		if (s->pss) {
			diag_error(pos_file(what), "RSASSA-PSS is for RSA keys; this key is ECDSA");
			return -1;
		}
		if (bits < 256) {
			diag_error(pos_file(what), "the key is ECDSA of %d bits; at least 256 are required", bits);
			return -1;
		}
		break;
	default:
		diag_error(pos_file(what), "the key is neither RSA nor ECDSA, which signing requires");
		return -1;
	}
	return 0;
}

/* The UTF-8 value of the first field nid of a name, or NULL. */
static char *name_field(const X509_NAME *n, int nid)
{
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	unsigned char *u = NULL;
	char *ret;
	int len;

	if (i < 0)
		return NULL;
	len = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
	if (len < 0)
		return NULL;
	ret = xstrndup((const char *)u, (size_t)len);
	OPENSSL_free(u);
	return ret;
}

static char *name_words(const X509_NAME *n)
{
	char *cn = name_field(n, NID_commonName);
	BIO *b;
	char *p;
	long len;

	if (cn)
		return cn;
	b = BIO_new(BIO_s_mem());
	X509_NAME_print_ex(b, n, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
	len = BIO_get_mem_data(b, &p);
	cn = xstrndup(p, (size_t)len);
	BIO_free(b);
	return cn;
}

char *cms_signer_name(const struct cms_signer *s)
{
	return name_words(X509_get_subject_name(s->cert));
}

char *cms_signer_pem(const struct cms_signer *s)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *ret;
	long len;
	int i;

	PEM_write_bio_X509(b, s->cert);
	for (i = 0; i < sk_X509_num(s->chain); i++)
		PEM_write_bio_X509(b, sk_X509_value(s->chain, i));
	len = BIO_get_mem_data(b, &p);
	ret = xstrndup(p, (size_t)len);
	BIO_free(b);
	return ret;
}

/* ---- the SignedData ---- */

/* rsassaPss with SHA-256, MGF1 SHA-256, salt 32 (RFC 4055 §3.1). */
static int set_pss_alg(X509_ALGOR *sigalg)
{
	RSA_PSS_PARAMS *pp = RSA_PSS_PARAMS_new();
	X509_ALGOR *mgfmd = X509_ALGOR_new();
	ASN1_STRING *mgfp = NULL, *os = NULL;
	int ret = -1;

	if (!pp || !mgfmd)
		goto out;
	pp->hashAlgorithm = X509_ALGOR_new();
	pp->maskGenAlgorithm = X509_ALGOR_new();
	pp->saltLength = ASN1_INTEGER_new();
	if (!pp->hashAlgorithm || !pp->maskGenAlgorithm || !pp->saltLength)
		goto out;
	X509_ALGOR_set_md(pp->hashAlgorithm, EVP_sha256());
	X509_ALGOR_set_md(mgfmd, EVP_sha256());
	mgfp = ASN1_item_pack(mgfmd, ASN1_ITEM_rptr(X509_ALGOR), NULL);
	if (!mgfp)
		goto out;
	X509_ALGOR_set0(pp->maskGenAlgorithm, OBJ_nid2obj(NID_mgf1), V_ASN1_SEQUENCE, mgfp);
	mgfp = NULL;
	ASN1_INTEGER_set(pp->saltLength, 32);
	os = ASN1_item_pack(pp, ASN1_ITEM_rptr(RSA_PSS_PARAMS), NULL);
	if (!os)
		goto out;
	X509_ALGOR_set0(sigalg, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, os);
	ret = 0;
out:
	ASN1_STRING_free(mgfp);
	X509_ALGOR_free(mgfmd);
	RSA_PSS_PARAMS_free(pp);
	return ret;
}

void cms_job_free(struct cms_job *j)
{
	if (!j)
		return;
	CMS_ContentInfo_free(j->cms);
	OPENSSL_free(j->attrs);
	free(j);
}

struct cms_job *cms_job_new(struct cms_signer *s, const unsigned char digest[32])
{
	struct cms_job *j = xcalloc(1, sizeof *j);
	const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_PARTIAL;
	STACK_OF(X509_ATTRIBUTE) *attrs = NULL;
	unsigned char *der = NULL;
	int i, len;

	j->s = s;
	j->cms = CMS_sign(NULL, NULL, s->chain, NULL, flags);
	if (!j->cms)
		goto fail;
	/* the public key stands in for the private one: only the public
	 * halves are compared here, and nothing is signed yet */
	j->si = CMS_add1_signer(j->cms, s->cert, X509_get0_pubkey(s->cert), EVP_sha256(), flags | CMS_CADES);
	if (!j->si)
		goto fail;
	if (!CMS_signed_add1_attr_by_NID(j->si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) ||
	    !CMS_signed_add1_attr_by_NID(j->si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest, 32))
		goto fail;
	if (s->pss) {
		X509_ALGOR *sigalg = NULL;
		CMS_SignerInfo_get0_algs(j->si, NULL, NULL, NULL, &sigalg);
		if (!sigalg || set_pss_alg(sigalg) != 0)
			goto fail;
	}
	attrs = sk_X509_ATTRIBUTE_new_null();
	for (i = 0; i < CMS_signed_get_attr_count(j->si); i++)
		sk_X509_ATTRIBUTE_push(attrs, CMS_signed_get_attr(j->si, i));
	len = ASN1_item_i2d((ASN1_VALUE *)attrs, &der, ASN1_ITEM_rptr(CMS_ATTRS));
	sk_X509_ATTRIBUTE_free(attrs);   /* the attributes stay the SignerInfo's */
	if (len <= 0)
		goto fail;
	j->attrs = der;
	j->attrs_len = (size_t)len;
	return j;
fail:
	diag_error(pos_file("phat"), "cannot build the signature (OpenSSL: %s)",
		   ERR_reason_error_string(ERR_peek_last_error()) ? ERR_reason_error_string(ERR_peek_last_error())
								    : "unknown error");
	ERR_clear_error();
	cms_job_free(j);
	return NULL;
}

const unsigned char *cms_job_attrs(struct cms_job *j, size_t *len)
{
	*len = j->attrs_len;
	return j->attrs;
}

/* Sets up padding on a signing or verifying context. */
static int ctx_padding(EVP_PKEY_CTX *pctx, int pss)
{
	if (!pss)
		return 1;
	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
	       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) > 0 &&
	       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0;
}

static int verify_raw(EVP_PKEY *pub, int pss, const unsigned char *data, size_t dn, const unsigned char *sig,
		      size_t sn)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok = 0;

	if (m && EVP_DigestVerifyInit(m, &pctx, EVP_sha256(), NULL, pub) == 1 && ctx_padding(pctx, pss))
		ok = EVP_DigestVerify(m, sig, sn, data, dn) == 1;
	EVP_MD_CTX_free(m);
	ERR_clear_error();
	return ok;
}

int cms_signer_verifies(const struct cms_signer *s, const unsigned char *data, size_t dn,
			const unsigned char *sig, size_t sn)
{
	return verify_raw(X509_get0_pubkey(s->cert), s->pss, data, dn, sig, sn);
}

int cms_job_sign(struct cms_job *j, const char *what)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *sig = NULL;
	size_t sn = 0;
	int ret = -1;

	if (!j->s->key)
		goto out;
	if (!m || EVP_DigestSignInit(m, &pctx, EVP_sha256(), NULL, j->s->key) != 1 || !ctx_padding(pctx, j->s->pss) ||
	    EVP_DigestSign(m, NULL, &sn, j->attrs, j->attrs_len) != 1)
		goto out;
	sig = xmalloc(sn);
	if (EVP_DigestSign(m, sig, &sn, j->attrs, j->attrs_len) != 1)
		goto out;
	if (!ASN1_STRING_set(CMS_SignerInfo_get0_signature(j->si), sig, (int)sn))
		goto out;
	ret = 0;
out:
	if (ret != 0) {
		const char *why = j->s->engine ? pkcs11_why() : NULL;
		diag_error(pos_file(what), "the key could not sign: %s (nothing was written)",
			   why ? why : j->s->pss ? "does the key or token allow RSASSA-PSS?" : "the key refused");
	}
	free(sig);
	EVP_MD_CTX_free(m);
	ERR_clear_error();
	return ret;
}

/* A raw r||s ECDSA signature (what some services return) as the DER
 * ECDSA-Sig-Value CMS needs; NULL when sig is not one. */
static unsigned char *ecdsa_der(EVP_PKEY *pub, const unsigned char *sig, size_t sn, size_t *out_len)
{
	size_t half = ((size_t)EVP_PKEY_get_bits(pub) + 7) / 8;
	ECDSA_SIG *es;
	BIGNUM *r, *s;
	unsigned char *der = NULL;
	int len;

	if (EVP_PKEY_get_base_id(pub) != EVP_PKEY_EC || sn != 2 * half)
		return NULL;
	es = ECDSA_SIG_new();
	r = BN_bin2bn(sig, (int)half, NULL);
	s = BN_bin2bn(sig + half, (int)half, NULL);
	if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(es);
		return NULL;
	}
	len = i2d_ECDSA_SIG(es, &der);
	ECDSA_SIG_free(es);
	if (len <= 0)
		return NULL;
	*out_len = (size_t)len;
	return der;
}

int cms_job_set_signature(struct cms_job *j, const unsigned char *sig, size_t len, const char *what)
{
	EVP_PKEY *pub = X509_get0_pubkey(j->s->cert);
	unsigned char *der = NULL;
	size_t dn = 0;
	int ok;

	ok = verify_raw(pub, j->s->pss, j->attrs, j->attrs_len, sig, len);
	if (!ok && (der = ecdsa_der(pub, sig, len, &dn)) && verify_raw(pub, 0, j->attrs, j->attrs_len, der, dn)) {
		sig = der;
		len = dn;
		ok = 1;
	}
	if (!ok) {
		diag_error(pos_file(what), "the signature returned does not match: it was made with another "
			   "key than the certificate's, or over another hash (nothing was written)");
		OPENSSL_free(der);
		return -1;
	}
	ok = ASN1_STRING_set(CMS_SignerInfo_get0_signature(j->si), sig, (int)len);
	OPENSSL_free(der);
	return ok ? 0 : -1;
}

int cms_job_der(struct cms_job *j, struct buf *out)
{
	unsigned char *der = NULL;
	int len = i2d_CMS_ContentInfo(j->cms, &der);

	if (len <= 0) {
		ERR_clear_error();
		return -1;
	}
	buf_add(out, der, (size_t)len);
	OPENSSL_free(der);
	return 0;
}

size_t cms_signer_room(struct cms_signer *s, int tsa)
{
	static const unsigned char zero[32];
	struct cms_job *j = cms_job_new(s, zero);
	int sn = EVP_PKEY_get_size(X509_get0_pubkey(s->cert));
	unsigned char *fake;
	struct buf b;
	size_t room;

	if (!j || sn <= 0) {
		cms_job_free(j);
		return 32768;
	}
	fake = xcalloc((size_t)sn, 1);
	ASN1_STRING_set(CMS_SignerInfo_get0_signature(j->si), fake, sn);
	buf_init(&b);
	cms_job_der(j, &b);
	/* ECDSA signatures vary by a few bytes; a time-stamp token with its
	 * TSA certificate chain is 3–6 KB, 16 KB leaves room for a long chain */
	room = b.len + 64 + (tsa ? 16384 : 0);
	buf_free(&b);
	free(fake);
	cms_job_free(j);
	return room;
}

/* ---- RFC 3161 ---- */

/* Whether host:port takes a TCP connection within secs. OpenSSL's HTTP
 * client retries a refused connection until its time-out (30 s): a server
 * that is down should be said at once. 0, or -1 with *why. */
static int tcp_reachable(const char *host, const char *port, int secs, const char **why)
{
	struct addrinfo hints, *res = NULL, *a;
	int ret = -1;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	*why = "its name is unknown (no network, or a wrong address)";
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	*why = "the connection was refused";
	for (a = res; a && ret != 0; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol), err = 0;
		socklen_t el = sizeof err;
		struct pollfd pf;

		if (fd < 0)
			continue;
		fcntl(fd, F_SETFL, O_NONBLOCK);
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
			ret = 0;
		} else if (errno == EINPROGRESS) {
			pf.fd = fd;
			pf.events = POLLOUT;
			if (poll(&pf, 1, secs * 1000) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 &&
			    err == 0)
				ret = 0;
			else if (err == 0)
				*why = "it did not answer in time";
		}
		close(fd);
	}
	freeaddrinfo(res);
	return ret;
}

static TS_REQ *ts_request(const unsigned char *hash)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	unsigned char rnd[8];
	BIGNUM *bn = NULL;
	ASN1_INTEGER *nonce = NULL;
	int ok = 0;

	if (!req || !mi || !alg)
		goto out;
	X509_ALGOR_set_md(alg, EVP_sha256());
	if (!RAND_bytes(rnd, sizeof rnd) || !(bn = BN_bin2bn(rnd, sizeof rnd, NULL)) ||
	    !(nonce = BN_to_ASN1_INTEGER(bn, NULL)))
		goto out;
	ok = TS_REQ_set_version(req, 1) && TS_MSG_IMPRINT_set_algo(mi, alg) &&
	     TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)hash, 32) && TS_REQ_set_msg_imprint(req, mi) &&
	     TS_REQ_set_nonce(req, nonce) && TS_REQ_set_cert_req(req, 1);
out:
	BN_free(bn);
	ASN1_INTEGER_free(nonce);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	if (!ok) {
		TS_REQ_free(req);
		return NULL;
	}
	return req;
}

int cms_job_timestamp(struct cms_job *j, const char *url)
{
	ASN1_OCTET_STRING *sv = CMS_SignerInfo_get0_signature(j->si);
	unsigned char hash[32], *req_der = NULL, *tok_der = NULL;
	char *host = NULL, *port = NULL, *path = NULL;
	TS_REQ *req = NULL;
	TS_RESP *rsp = NULL;
	TS_VERIFY_CTX *vctx = NULL;
	BIO *req_bio = NULL, *rsp_bio = NULL;
	PKCS7 *token;
	int ssl = 0, len, ret = -1;
	long status;

	SHA256(ASN1_STRING_get0_data(sv), (size_t)ASN1_STRING_length(sv), hash);
	req = ts_request(hash);
	len = req ? i2d_TS_REQ(req, &req_der) : -1;
	if (len <= 0) {
		diag_error(pos_file(url), "cannot build the time-stamp request");
		goto out;
	}
	if (!OSSL_HTTP_parse_url(url, &ssl, NULL, &host, &port, NULL, &path, NULL, NULL)) {
		diag_error(pos_file(url), "this is not a web address of a time-stamp server (http://…)");
		goto out;
	}
	if (ssl) {
		diag_error(pos_file(url), "time-stamp servers answer over http://, not https:// (RFC 3161 answers "
			   "are signed already); give the http:// address");
		goto out;
	}
	{
		const char *why;
		/* through a proxy the server itself may be out of direct reach */
		int proxied = getenv("http_proxy") || getenv("HTTP_PROXY");
		if (!proxied && tcp_reachable(host, port, 15, &why) != 0) {
			diag_error(pos_file(url), "the time-stamp server cannot be reached: %s; nothing was written: "
				   "try again, or sign without --tsa", why);
			goto out;
		}
	}
	req_bio = BIO_new_mem_buf(req_der, len);
	rsp_bio = OSSL_HTTP_transfer(NULL, host, port, path, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,
				     "application/timestamp-query", req_bio, "application/timestamp-reply", 1,
				     1 << 20, 30, 0);
	if (!rsp_bio) {
		diag_error(pos_file(url), "the time-stamp server did not answer (%s); nothing was written: try "
			   "again, or sign without --tsa",
			   ERR_reason_error_string(ERR_peek_last_error()) ? ERR_reason_error_string(ERR_peek_last_error())
									    : "no connection");
		goto out;
	}
	rsp = d2i_TS_RESP_bio(rsp_bio, NULL);
	if (!rsp) {
		diag_error(pos_file(url), "the time-stamp server's answer is not an RFC 3161 reply; nothing was written");
		goto out;
	}
	status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(rsp)));
	token = TS_RESP_get_token(rsp);
	if (status > 1 || !token) {
		diag_error(pos_file(url), "the time-stamp server refused the request (status %ld); nothing was written",
			   status);
		goto out;
	}
	/* the answer must be for this request (imprint and nonce) and signed */
	vctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
	if (!vctx) {
		diag_error(pos_file(url), "cannot check the time-stamp");
		goto out;
	}
	TS_VERIFY_CTX_set_flags(vctx, TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
	if (TS_RESP_verify_response(vctx, rsp) != 1 ||
	    PKCS7_verify(token, NULL, NULL, NULL, NULL, PKCS7_NOVERIFY | PKCS7_BINARY) != 1) {
		diag_error(pos_file(url), "the time-stamp server's answer does not match the request or its "
			   "signature is broken; nothing was written");
		goto out;
	}
	len = i2d_PKCS7(token, &tok_der);
	if (len <= 0 ||
	    !CMS_unsigned_add1_attr_by_NID(j->si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, tok_der, len)) {
		diag_error(pos_file(url), "cannot add the time-stamp to the signature");
		goto out;
	}
	ret = 0;
out:
	OPENSSL_free(req_der);
	OPENSSL_free(tok_der);
	OPENSSL_free(host);
	OPENSSL_free(port);
	OPENSSL_free(path);
	BIO_free(req_bio);
	BIO_free(rsp_bio);
	TS_VERIFY_CTX_free(vctx);
	TS_RESP_free(rsp);
	TS_REQ_free(req);
	ERR_clear_error();
	return ret;
}

/* ---- small tools ---- */

void cms_sha256(const unsigned char *a, size_t an, const unsigned char *b, size_t bn, unsigned char out[32])
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	unsigned int n = 32;

	if (!m || !EVP_DigestInit_ex(m, EVP_sha256(), NULL) || !EVP_DigestUpdate(m, a, an) ||
	    !EVP_DigestUpdate(m, b, bn) || !EVP_DigestFinal_ex(m, out, &n))
		memset(out, 0, 32);
	EVP_MD_CTX_free(m);
}

char *cms_base64(const unsigned char *p, size_t n)
{
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

int cms_unbase64(const char *s, struct buf *out)
{
	EVP_ENCODE_CTX *c = EVP_ENCODE_CTX_new();
	size_t n = strlen(s);
	unsigned char *tmp = xmalloc(n + 4);
	int len = 0, fin = 0, ret = -1;

	if (c) {
		EVP_DecodeInit(c);
		if (EVP_DecodeUpdate(c, tmp, &len, (const unsigned char *)s, (int)n) >= 0 &&
		    EVP_DecodeFinal(c, tmp + len, &fin) == 1) {
			buf_add(out, tmp, (size_t)(len + fin));
			ret = len + fin > 0 ? 0 : -1;
		}
	}
	EVP_ENCODE_CTX_free(c);
	free(tmp);
	return ret;
}

/* ---- verification ---- */

static time_t asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return timegm(&tm);
}

/* Why a chain did not verify, in Vietnamese. */
static const char *trust_words(int err)
{
	switch (err) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		return "không tìm thấy chứng thư gốc tin cậy (root CA) của chứng thư này; "
		       "thêm chứng thư gốc bằng --ca TỆP.pem";
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return "chứng thư số đã hết hạn";
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return "chứng thư số chưa đến thời hạn hiệu lực";
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		return "chữ ký trên chứng thư số không đúng";
	case X509_V_ERR_INVALID_CA:
		return "một chứng thư trong chuỗi không phải của tổ chức cung cấp dịch vụ (CA)";
	default:
		return NULL;
	}
}

/* The time-stamp token on si, checked against its signature value. */
static void report_timestamp(CMS_SignerInfo *si, struct cms_report *r)
{
	int idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
	X509_ATTRIBUTE *at = idx >= 0 ? CMS_unsigned_get_attr(si, idx) : NULL;
	ASN1_TYPE *ty = at ? X509_ATTRIBUTE_get0_type(at, 0) : NULL;
	const unsigned char *q;
	PKCS7 *tok = NULL;
	TS_TST_INFO *ti = NULL;

	if (!ty || ty->type != V_ASN1_SEQUENCE)
		return;
	q = ty->value.sequence->data;
	tok = d2i_PKCS7(NULL, &q, ty->value.sequence->length);
	ti = tok ? PKCS7_to_TS_TST_INFO(tok) : NULL;
	if (ti) {
		TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(ti);
		const EVP_MD *md = EVP_get_digestbyobj(TS_MSG_IMPRINT_get_algo(mi)->algorithm);
		ASN1_OCTET_STRING *want = TS_MSG_IMPRINT_get_msg(mi), *sv = CMS_SignerInfo_get0_signature(si);
		unsigned char got[EVP_MAX_MD_SIZE];
		unsigned int gn = 0;

		r->ts_time = asn1_time(TS_TST_INFO_get_time(ti));
		if (md && EVP_Digest(ASN1_STRING_get0_data(sv), (size_t)ASN1_STRING_length(sv), got, &gn, md, NULL) &&
		    (int)gn == ASN1_STRING_length(want) && memcmp(got, ASN1_STRING_get0_data(want), gn) == 0 &&
		    PKCS7_verify(tok, NULL, NULL, NULL, NULL, PKCS7_NOVERIFY | PKCS7_BINARY) == 1)
			r->ts_ok = 1;
	}
	TS_TST_INFO_free(ti);
	PKCS7_free(tok);
	ERR_clear_error();
}

/* Whether cert chains to a trusted root (the system's, plus cafile), with
 * untrusted intermediates from certs, at the time-stamp's time when r has
 * a good one: sets r->trusted, or r->why. */
static void report_trust(X509 *cert, STACK_OF(X509) *certs, const char *cafile, struct cms_report *r)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();

	if (!store || !ctx)
		goto out;
	X509_STORE_set_default_paths(store);
	if (cafile && !X509_STORE_load_file(store, cafile)) {
		r->why = xasprintf("không đọc được tệp chứng thư gốc %s", cafile);
		goto out;
	}
	ERR_clear_error();
	if (X509_STORE_CTX_init(ctx, store, cert, certs)) {
		X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY);
		if (r->ts_ok && r->ts_time)
			X509_STORE_CTX_set_time(ctx, 0, r->ts_time);
		r->trusted = X509_verify_cert(ctx) == 1;
		if (!r->trusted) {
			int e = X509_STORE_CTX_get_error(ctx);
			const char *w = trust_words(e);
			r->why = w ? xstrdup(w) : xasprintf("chuỗi chứng thư không hợp lệ (%s)", X509_verify_cert_error_string(e));
		}
	}
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
}

void cms_verify_doc_timestamp(const unsigned char *tok, size_t len, const unsigned char *a, size_t an,
			      const unsigned char *b, size_t bn, const char *cafile, struct cms_report *r)
{
	const unsigned char *p = tok;
	PKCS7 *p7 = len < 0x7FFFFFFF ? d2i_PKCS7(NULL, &p, (long)len) : NULL;
	TS_TST_INFO *ti = p7 ? PKCS7_to_TS_TST_INFO(p7) : NULL;
	STACK_OF(X509) *signers = NULL;
	unsigned char got[EVP_MAX_MD_SIZE];
	unsigned int gn = 0;

	memset(r, 0, sizeof *r);
	if (!ti) {
		r->why = xstrdup("phần /Contents không phải là một dấu thời gian RFC 3161 đọc được");
		goto out;
	}
	r->parsed = 1;
	r->ts_time = asn1_time(TS_TST_INFO_get_time(ti));
	{
		TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(ti);
		const EVP_MD *md = EVP_get_digestbyobj(TS_MSG_IMPRINT_get_algo(mi)->algorithm);
		ASN1_OCTET_STRING *want = TS_MSG_IMPRINT_get_msg(mi);
		EVP_MD_CTX *m = EVP_MD_CTX_new();
		int nid = md ? EVP_MD_get_type(md) : NID_undef;

		r->digest = xstrdup(nid == NID_sha256 ? "SHA-256" : nid == NID_sha384 ? "SHA-384" : nid == NID_sha512
				    ? "SHA-512" : nid == NID_sha1 ? "SHA-1" : "?");
		if (md && m && EVP_DigestInit_ex(m, md, NULL) && EVP_DigestUpdate(m, a, an) && EVP_DigestUpdate(m, b, bn) &&
		    EVP_DigestFinal_ex(m, got, &gn) && (int)gn == ASN1_STRING_length(want) &&
		    memcmp(got, ASN1_STRING_get0_data(want), gn) == 0 &&
		    PKCS7_verify(p7, NULL, NULL, NULL, NULL, PKCS7_NOVERIFY | PKCS7_BINARY) == 1)
			r->intact = r->ts_ok = 1;
		EVP_MD_CTX_free(m);
	}
	ERR_clear_error();
	signers = PKCS7_get0_signers(p7, NULL, 0);
	if (!signers || sk_X509_num(signers) < 1) {
		r->intact = 0;
		r->why = xstrdup("dấu thời gian không kèm chứng thư của máy chủ cấp dấu thời gian");
		goto out;
	}
	r->signer = name_words(X509_get_subject_name(sk_X509_value(signers, 0)));
	r->issuer = name_words(X509_get_issuer_name(sk_X509_value(signers, 0)));
	if (!r->intact) {
		r->why = xstrdup("nội dung đã bị thay đổi sau khi đóng dấu thời gian (mã băm không khớp)");
		goto out;
	}
	report_trust(sk_X509_value(signers, 0), p7->d.sign->cert, cafile, r);
out:
	ERR_clear_error();
	sk_X509_free(signers);
	TS_TST_INFO_free(ti);
	PKCS7_free(p7);
}

void cms_verify(const unsigned char *der, size_t len, const unsigned char *a, size_t an,
		const unsigned char *b, size_t bn, const char *cafile, struct cms_report *r)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(CMS_SignerInfo) *sis;
	CMS_SignerInfo *si;
	STACK_OF(X509) *signers = NULL, *certs = NULL;
	BIO *data = NULL, *out = NULL;
	X509_ALGOR *dig = NULL;
	const ASN1_OCTET_STRING *content;
	int idx;

	memset(r, 0, sizeof *r);
	cms = len < 0x7FFFFFFF ? d2i_CMS_ContentInfo(NULL, &p, (long)len) : NULL;
	if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed || !(sis = CMS_get0_SignerInfos(cms)) ||
	    sk_CMS_SignerInfo_num(sis) < 1) {
		r->why = xstrdup("phần /Contents không phải là một chữ ký CMS đọc được");
		goto out;
	}
	r->parsed = 1;
	si = sk_CMS_SignerInfo_value(sis, 0);
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, NULL);
	if (dig) {
		int nid = OBJ_obj2nid(dig->algorithm);
		r->digest = xstrdup(nid == NID_sha256 ? "SHA-256" : nid == NID_sha384 ? "SHA-384" : nid == NID_sha512
				    ? "SHA-512" : nid == NID_sha1 ? "SHA-1" : OBJ_nid2sn(nid));
	}
	idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (idx >= 0) {
		ASN1_TYPE *ty = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, idx), 0);
		if (ty && (ty->type == V_ASN1_UTCTIME || ty->type == V_ASN1_GENERALIZEDTIME))
			r->signing_time = asn1_time(ty->value.utctime);
	}
	report_timestamp(si, r);
	data = BIO_new(BIO_s_mem());
	BIO_write(data, a, (int)an);
	BIO_write(data, b, (int)bn);
	content = *CMS_get0_content(cms) ? *CMS_get0_content(cms) : NULL;
	if (content) {
		/* adbe.pkcs7.sha1: the SignedData carries the SHA-1 of the bytes */
		unsigned char h[20];
		EVP_MD_CTX *m = EVP_MD_CTX_new();
		out = BIO_new(BIO_s_mem());
		EVP_DigestInit_ex(m, EVP_sha1(), NULL);
		EVP_DigestUpdate(m, a, an);
		EVP_DigestUpdate(m, b, bn);
		EVP_DigestFinal_ex(m, h, NULL);
		EVP_MD_CTX_free(m);
		r->intact = CMS_verify(cms, NULL, NULL, NULL, out, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1 &&
			    content->length == 20 && memcmp(content->data, h, 20) == 0;
	} else {
		r->intact = CMS_verify(cms, NULL, NULL, data, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
	}
	ERR_clear_error();
	signers = CMS_get0_signers(cms);
	if (!signers || sk_X509_num(signers) < 1) {
		r->why = xstrdup("chữ ký không kèm chứng thư số của người ký");
		r->intact = 0;
		goto out;
	}
	r->signer = name_words(X509_get_subject_name(sk_X509_value(signers, 0)));
	r->issuer = name_words(X509_get_issuer_name(sk_X509_value(signers, 0)));
	if (!r->intact) {
		r->why = xstrdup("nội dung đã bị thay đổi sau khi ký (mã băm không khớp)");
		goto out;
	}
	certs = CMS_get1_certs(cms);
	report_trust(sk_X509_value(signers, 0), certs, cafile, r);
out:
	ERR_clear_error();
	sk_X509_free(signers);
	sk_X509_pop_free(certs, X509_free);
	BIO_free(data);
	BIO_free(out);
	CMS_ContentInfo_free(cms);
}

void cms_report_fini(struct cms_report *r)
{
	free(r->signer);
	free(r->issuer);
	free(r->why);
	free(r->digest);
	memset(r, 0, sizeof *r);
}

int cms_signer_made(const struct cms_signer *s, const unsigned char *der, size_t n, const unsigned char *a,
		    size_t an, const unsigned char *b, size_t bn)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = n < 0x7FFFFFFF ? d2i_CMS_ContentInfo(NULL, &p, (long)n) : NULL;
	STACK_OF(X509) *signers = NULL;
	BIO *data = NULL;
	int ok = 0;

	if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed || *CMS_get0_content(cms))
		goto out;
	data = BIO_new(BIO_s_mem());
	BIO_write(data, a, (int)an);
	BIO_write(data, b, (int)bn);
	if (CMS_verify(cms, NULL, NULL, data, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1)
		goto out;
	signers = CMS_get0_signers(cms);
	ok = signers && sk_X509_num(signers) == 1 && X509_cmp(sk_X509_value(signers, 0), s->cert) == 0;
out:
	sk_X509_free(signers);
	BIO_free(data);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return ok;
}
