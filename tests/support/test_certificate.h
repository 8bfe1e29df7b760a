#pragma once

// A self-signed test certificate with known fields, for code that reads client certificates:
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500
//     -subj "/O=Example/CN=alice" -set_serial 0x0a1b2c
// subject/issuer "CN=alice,O=Example", serial 0a:1b:2c,
// valid "Dec  2 16:01:45 2026 GMT" to "Nov  8 16:01:45 2126 GMT".

#include <string_view>

namespace gw::testing {

inline constexpr std::string_view kAliceCertPem = R"(-----BEGIN CERTIFICATE-----
MIIBijCCATCgAwIBAgIDChssMAoGCCqGSM49BAMCMCIxEDAOBgNVBAoMB0V4YW1w
bGUxDjAMBgNVBAMMBWFsaWNlMCAXDTI2MTIwMjE2MDE0NVoYDzIxMjYxMTA4MTYw
MTQ1WjAiMRAwDgYDVQQKDAdFeGFtcGxlMQ4wDAYDVQQDDAVhbGljZTBZMBMGByqG
SM49AgEGCCqGSM49AwEHA0IABH/YaeujOg3CPaS/p/wQD2lJq0qu1BA16bFi8u3V
XrXZ4259UIJVUwhM4qT3eMIHELALyD2lujmEgU4ps1iMehmjUzBRMB0GA1UdDgQW
BBR0VrO6iCEdhx3O4EJWFS7boIsLBTAfBgNVHSMEGDAWgBR0VrO6iCEdhx3O4EJW
FS7boIsLBTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCSZYuc
pSJhU6vf1wY349OLBQFSDi2dxgxi3T8MdvVCqgIgcUZUNJNOIgzBRcFkQyNPRu03
sy020+IhKeoZBjV0Fco=
-----END CERTIFICATE-----
)";

}  // namespace gw::testing
