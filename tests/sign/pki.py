"""A test PKI made at test time with the openssl command (nothing from the
network, no real token): a root CA, the chairman's certificate (the signer),
the commune's certificate (the agency), a time-stamping authority, and an
outsider; PKCS#12 files; a SoftHSM2 token in a temporary folder holding the
agency's key; an NSS database trusting the CA for pdfsig; and a local RFC 3161
server (openssl ts -reply behind http.server)."""
import http.server
import os
import shutil
import socket
import subprocess
import threading

CNF = """[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[signer]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[encipher]
basicConstraints = CA:FALSE
keyUsage = critical,keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa_server]
default_tsa = tsa1
[tsa1]
dir = {dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"


def sh(args, **kw):
    p = subprocess.run(args, capture_output=True, **kw)
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(args), p.stderr.decode(errors="replace")))
    return p


class PKI:
    def __init__(self, d):
        self.d = d
        os.makedirs(d, exist_ok=True)
        self.cnf = self.p("openssl.cnf")
        with open(self.cnf, "w") as f:
            f.write(CNF.replace("{dir}", d))
        with open(self.p("tsaserial"), "w") as f:
            f.write("01\n")
        self.serial = 10
        self.key("ca", "ec")
        sh(["openssl", "req", "-new", "-x509", "-key", self.p("ca.key"), "-out", self.p("ca.pem"),
            "-days", "3650", "-subj", "/C=VN/O=Phat Test/CN=Phat Test Root CA", "-utf8",
            "-config", self.cnf, "-extensions", "ca"])
        self.cert("signer", "/C=VN/L=Tân Thành/CN=Nguyễn Quốc Hùng")
        self.cert("agency", "/C=VN/O=UBND xã Tân Thành/CN=Ủy ban nhân dân xã Tân Thành")
        # EC keys where RSA does not matter: they are made at once
        self.cert("tsa", "/C=VN/O=Phat Test/CN=Phat Test TSA", ext="tsa", algo="ec")
        self.cert("other", "/C=VN/CN=Người khác", algo="ec")
        self.cert("ec", "/C=VN/CN=Trần Thị Ba", algo="ec")
        self.cert("encipher", "/C=VN/CN=Khóa mã hóa", ext="encipher", algo="ec")
        for name, pw in (("signer", "mật khẩu 1"), ("agency", "secret-2"), ("ec", "ec-3"),
                         ("encipher", "x")):
            self.p12(name, pw)

    def p(self, name):
        return os.path.join(self.d, name)

    def key(self, name, algo="rsa"):
        if algo == "ec":
            sh(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", self.p(name + ".key")])
        else:
            sh(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                "-out", self.p(name + ".key")])

    def cert(self, name, subject, ext="signer", algo="rsa", days=365):
        self.key(name, algo)
        sh(["openssl", "req", "-new", "-key", self.p(name + ".key"), "-out", self.p(name + ".csr"),
            "-subj", subject, "-utf8", "-config", self.cnf])
        self.serial += 1
        sh(["openssl", "x509", "-req", "-in", self.p(name + ".csr"), "-CA", self.p("ca.pem"),
            "-CAkey", self.p("ca.key"), "-set_serial", str(self.serial), "-days", str(days),
            "-out", self.p(name + ".pem"), "-extfile", self.cnf, "-extensions", ext])
        # the certificate and its chain, as a remote service hands them out
        with open(self.p(name + "-chain.pem"), "w") as f:
            f.write(open(self.p(name + ".pem")).read() + open(self.p("ca.pem")).read())

    def p12(self, name, password):
        sh(["openssl", "pkcs12", "-export", "-inkey", self.p(name + ".key"), "-in", self.p(name + ".pem"),
            "-certfile", self.p("ca.pem"), "-out", self.p(name + ".p12"), "-passout", "pass:" + password])

    def token(self, label, pin, key_label, name):
        """A SoftHSM2 token in this folder (SOFTHSM2_CONF in env()) holding
        name's key and certificate under key_label."""
        tok = self.p("tokens")
        os.makedirs(tok, exist_ok=True)
        conf = self.p("softhsm2.conf")
        with open(conf, "w") as f:
            f.write("directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n" % tok)
        env = dict(os.environ, SOFTHSM2_CONF=conf)
        sh(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
            "--so-pin", "87654321"], env=env)
        sh(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", self.p(name + ".key"), "-out", self.p(name + ".pk8")])
        sh(["softhsm2-util", "--import", self.p(name + ".pk8"), "--token", label, "--label", key_label,
            "--id", "01", "--pin", pin], env=env)
        sh(["openssl", "x509", "-in", self.p(name + ".pem"), "-outform", "DER", "-out", self.p(name + ".der")])
        sh(["pkcs11-tool", "--module", SOFTHSM, "--token-label", label, "--login", "--pin", pin,
            "--write-object", self.p(name + ".der"), "--type", "cert", "--label", key_label, "--id", "01"],
           env=env)
        return conf

    def nss(self):
        """An NSS database trusting the test CA, for pdfsig -nssdir."""
        db = self.p("nss")
        os.makedirs(db, exist_ok=True)
        sh(["certutil", "-N", "-d", "sql:" + db, "--empty-password"])
        sh(["certutil", "-A", "-d", "sql:" + db, "-n", "phat-test-ca", "-t", "CT,C,C", "-i", self.p("ca.pem")])
        return "sql:" + db


class TSA:
    """An RFC 3161 server on 127.0.0.1: each POST is answered by
    openssl ts -reply with the test TSA's key. Counts the requests."""

    def __init__(self, pki):
        tsa = self
        self.pki = pki
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                q = self.rfile.read(n)
                tsa.requests += 1
                qf, rf = pki.p("q%d.tsq" % tsa.requests), pki.p("r%d.tsr" % tsa.requests)
                with open(qf, "wb") as f:
                    f.write(q)
                p = subprocess.run(["openssl", "ts", "-reply", "-config", pki.cnf, "-section", "tsa1",
                                    "-queryfile", qf, "-inkey", pki.p("tsa.key"), "-signer", pki.p("tsa.pem"),
                                    "-chain", pki.p("ca.pem"), "-out", rf], capture_output=True)
                body = open(rf, "rb").read() if p.returncode == 0 else b""
                self.send_response(200 if body else 500)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/tsa" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port():
    """A local port nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def tools_present():
    return all(shutil.which(t) for t in ("openssl", "softhsm2-util", "pkcs11-tool", "certutil", "pdfsig",
                                          "mutool", "qpdf")) and os.path.exists(SOFTHSM)
