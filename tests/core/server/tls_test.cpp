#include "core/server/tls.h"

#include <doctest/doctest.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/server/local_ca.h"
#include "tests/core/server/server_fixture.h"
#include "tests/support/eventually.h"

using namespace gw::server;
using namespace gw::server::testing;
using gw::testing::eventually;

namespace {

namespace fs = std::filesystem;

std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gw-tls-test-" + name + "-" +
                                                    std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir.string();
}

LocalCa make_ca(const std::string& name) {
  auto ca = open_local_ca(temp_dir(name));
  REQUIRE(ca.has_value());
  return *ca;
}

TlsSite site_for(const LocalCa& ca, std::vector<std::string> names, std::string label) {
  auto issued = issue_certificate(ca, names);
  REQUIRE(issued.has_value());
  TlsSite site;
  site.names = std::move(names);
  site.cert_pem = issued->cert_pem;
  site.key_pem = issued->key_pem;
  site.label = std::move(label);
  return site;
}

ServerOptions tls_options(std::shared_ptr<TlsOptions> tls) {
  ServerOptions o{"127.0.0.1", 0, 4};
  o.tls = std::move(tls);
  return o;
}

// A blocking TLS client on OpenSSL, verifying the server against `ca_pem`.
class TlsClient {
 public:
  TlsClient(int port, const std::string& ca_pem, const std::string& sni,
            const std::string& client_cert_pem = "", const std::string& client_key_pem = "")
      : conn_(port), ctx_(SSL_CTX_new(TLS_client_method())) {
    X509_STORE* store = SSL_CTX_get_cert_store(ctx_);
    BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
    X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    X509_STORE_add_cert(store, ca);
    X509_free(ca);
    BIO_free(bio);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    if (!client_cert_pem.empty()) {
      BIO* cb = BIO_new_mem_buf(client_cert_pem.data(), static_cast<int>(client_cert_pem.size()));
      X509* cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
      SSL_CTX_use_certificate(ctx_, cert);
      X509_free(cert);
      BIO_free(cb);
      BIO* kb = BIO_new_mem_buf(client_key_pem.data(), static_cast<int>(client_key_pem.size()));
      EVP_PKEY* key = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
      SSL_CTX_use_PrivateKey(ctx_, key);
      EVP_PKEY_free(key);
      BIO_free(kb);
    }
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, conn_.fd());
    if (!sni.empty()) {
      SSL_set_tlsext_host_name(ssl_, sni.c_str());
      SSL_set1_host(ssl_, sni.c_str());
    }
    connected_ = SSL_connect(ssl_) == 1;
    ERR_clear_error();
  }
  ~TlsClient() {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
  }
  bool connected() const { return connected_; }
  /// The common name of the certificate the server presented.
  std::string server_cn() const {
    X509* cert = SSL_get1_peer_certificate(ssl_);
    if (cert == nullptr) {
      return "";
    }
    char cn[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof(cn));
    X509_free(cert);
    return cn;
  }
  /// Sends one request and reads one answer (status line, headers, Content-Length body).
  std::string get(const std::string& path) {
    const std::string req = "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    SSL_write(ssl_, req.data(), static_cast<int>(req.size()));
    std::string buf;
    char tmp[4096];
    for (;;) {
      const size_t end = buf.find("\r\n\r\n");
      if (end != std::string::npos) {
        const size_t cl = buf.find("Content-Length: ");
        const size_t length = cl == std::string::npos ? 0 : std::stoul(buf.substr(cl + 16));
        if (buf.size() >= end + 4 + length) {
          return buf.substr(0, end + 4 + length);
        }
      }
      const int n = SSL_read(ssl_, tmp, sizeof(tmp));
      if (n <= 0) {
        return buf;
      }
      buf.append(tmp, static_cast<size_t>(n));
    }
  }

 private:
  RawConn conn_;
  SSL_CTX* ctx_;
  SSL* ssl_ = nullptr;
  bool connected_ = false;
};

}  // namespace

TEST_SUITE("gw::server local CA") {
  TEST_CASE("is created once, its key private, and found again by the next start") {
    const std::string dir = temp_dir("ca");
    auto first = open_local_ca(dir);
    REQUIRE(first.has_value());
    CHECK(first->created);
    struct stat st {};
    REQUIRE(::stat(first->key_path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    auto again = open_local_ca(dir);
    REQUIRE(again.has_value());
    CHECK_FALSE(again->created);
    CHECK(again->cert_pem == first->cert_pem);
    fs::remove_all(dir);
  }

  TEST_CASE("refuses a name that is neither a host name nor an address") {
    const LocalCa ca = make_ca("names");
    auto bad = issue_certificate(ca, {"bad name,DNS:evil"});
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().kind == gw::ErrorKind::BadInput);
    CHECK(issue_certificate(ca, {"*.example.test", "::1", "10.0.0.1"}).has_value());
  }

  TEST_CASE("a directory holding something else is an Environment error, not a crash") {
    const std::string dir = temp_dir("garbage");
    fs::create_directories(dir);
    {
      std::FILE* f = std::fopen((dir + "/ca-key.pem").c_str(), "w");
      std::fputs("not a key", f);
      std::fclose(f);
    }
    auto ca = open_local_ca(dir);
    REQUIRE_FALSE(ca.has_value());
    CHECK(ca.error().kind == gw::ErrorKind::Environment);
    CHECK(ca.error().message.find("ca-key.pem") != std::string::npos);
    fs::remove_all(dir);
  }
}

TEST_SUITE("gw::server TLS") {
  TEST_CASE("answers HTTPS verified against the local CA, and plain HTTP on the same port") {
    const LocalCa ca = make_ca("https");
    auto tls = std::make_shared<TlsOptions>();
    tls->fallback = site_for(ca, {"localhost", "127.0.0.1"}, "default");
    TestServer ts({}, tls_options(tls));
    TlsClient client(ts.port, ca.cert_pem, "localhost");
    REQUIRE(client.connected());
    const std::string res = client.get("/secure");
    CHECK(status_of(res) == 200);
    CHECK(body_of(res) == "ok");
    CHECK(ts.last().path == "/secure");
    CHECK(ts.last().client_cert_pem.empty());  // no mTLS: no certificate asked for
    RawConn plain(ts.port);
    plain.send_all("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(plain.read_response()) == 200);
  }

  TEST_CASE("SNI chooses the domain's certificate; no SNI or another name gets the default") {
    const LocalCa ca = make_ca("sni");
    auto tls = std::make_shared<TlsOptions>();
    tls->fallback = site_for(ca, {"localhost"}, "default");
    tls->sites.push_back(site_for(ca, {"api.example.test"}, "api"));
    tls->sites.push_back(site_for(ca, {"*.wild.test"}, "wild"));
    TestServer ts({}, tls_options(tls));
    TlsClient api(ts.port, ca.cert_pem, "api.example.test");
    REQUIRE(api.connected());
    CHECK(api.server_cn() == "api.example.test");
    CHECK(status_of(api.get("/")) == 200);
    TlsClient wild(ts.port, ca.cert_pem, "one.wild.test");
    REQUIRE(wild.connected());
    CHECK(wild.server_cn() == "*.wild.test");
    TlsClient other(ts.port, ca.cert_pem, "");
    REQUIRE(other.connected());
    CHECK(other.server_cn() == "localhost");
  }

  TEST_CASE("mTLS: a certificate the truststore signs reaches the request; others get 403") {
    // AWS knowledge center "api-gateway-mutual-tls-403-errors": API Gateway answers 403 and
    // logs "Access denied. Reason: Could not find issuer for certificate".
    const LocalCa server_ca = make_ca("mtls-server");
    const LocalCa client_ca = make_ca("mtls-client");
    const LocalCa stranger_ca = make_ca("mtls-stranger");
    auto tls = std::make_shared<TlsOptions>();
    tls->fallback = site_for(server_ca, {"localhost"}, "default");
    TlsSite secure = site_for(server_ca, {"mtls.example.test"}, "mtls");
    secure.truststore_pem = client_ca.cert_pem;
    tls->sites.push_back(secure);
    TestServer ts({}, tls_options(tls));

    auto good = issue_certificate(client_ca, {"client.example.test"});
    REQUIRE(good.has_value());
    TlsClient trusted(ts.port, server_ca.cert_pem, "mtls.example.test", good->cert_pem,
                      good->key_pem);
    REQUIRE(trusted.connected());
    CHECK(status_of(trusted.get("/in")) == 200);
    const std::string pem = ts.last().client_cert_pem;
    CHECK(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    CHECK(good->cert_pem.starts_with(pem));  // the leaf the client sent

    auto bad = issue_certificate(stranger_ca, {"client.example.test"});
    REQUIRE(bad.has_value());
    TlsClient stranger(ts.port, server_ca.cert_pem, "mtls.example.test", bad->cert_pem,
                       bad->key_pem);
    REQUIRE(stranger.connected());  // the handshake completes, as on AWS
    const std::string refused = stranger.get("/in");
    CHECK(status_of(refused) == 403);
    CHECK(body_of(refused) == R"({"message":"Forbidden"})");
    CHECK(refused.find("x-amzn-ErrorType: ForbiddenException") != std::string::npos);
    // A second request on the same connection is refused too (keep-alive kept).
    CHECK(status_of(stranger.get("/again")) == 403);

    TlsClient anonymous(ts.port, server_ca.cert_pem, "mtls.example.test");
    REQUIRE(anonymous.connected());
    CHECK(status_of(anonymous.get("/in")) == 403);

    // The default endpoint asks for no certificate.
    TlsClient plain(ts.port, server_ca.cert_pem, "localhost");
    REQUIRE(plain.connected());
    CHECK(status_of(plain.get("/open")) == 200);

    // Log lines are written after the answers: wait for the refusal's (bounded).
    CHECK(eventually([&] {
      std::lock_guard lock(ts.mu);
      for (const gw::RequestLog& log : ts.logs) {
        if (log.error_message == "Access denied. Reason: Could not find issuer for certificate") {
          return true;
        }
      }
      return false;
    }));
    std::lock_guard lock(ts.mu);
    CHECK(ts.requests.size() == 2);  // only the trusted and the open request got through
  }

  TEST_CASE("a certificate that does not load is refused at bind, naming it") {
    auto tls = std::make_shared<TlsOptions>();
    tls->fallback.cert_pem = "not a certificate";
    tls->fallback.key_pem = "not a key";
    tls->fallback.label = "--cert broken.pem";
    HttpServer server([](const gw::Request&, gw::RequestLog*) { return gw::Response{}; },
                      tls_options(tls), {});
    auto bound = server.bind();
    REQUIRE_FALSE(bound.has_value());
    CHECK(bound.error().kind == gw::ErrorKind::BadInput);
    CHECK(bound.error().message.find("--cert broken.pem") != std::string::npos);
  }
}
