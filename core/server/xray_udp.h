#pragma once

/// The X-Ray daemon's UDP port as a SegmentSink (core/observe/xray_segment.h): each segment
/// document goes out as one datagram to 127.0.0.1:2000, or to AWS_XRAY_DAEMON_ADDRESS
/// ("host:port", or the SDKs' "udp:host:port tcp:host:port" form), as the X-Ray SDKs send them.
/// Only loopback addresses are accepted: gw never sends traffic off the machine.
/// Differences: the TCP address of the SDKs' form (sampling rules) is not used.

#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/observe/xray_segment.h"

namespace gw::server {

/// The daemon's default address.
inline constexpr std::string_view kXrayDaemonDefault = "127.0.0.1:2000";

class UdpSegmentSink final : public observe::SegmentSink {
 public:
  /// A sink sending to `address`; BadInput when it is not a loopback host:port.
  static Result<std::unique_ptr<UdpSegmentSink>> open(std::string_view address);
  ~UdpSegmentSink() override;
  UdpSegmentSink(const UdpSegmentSink&) = delete;
  UdpSegmentSink& operator=(const UdpSegmentSink&) = delete;

  /// Sends without blocking; a datagram nobody receives is lost, as with the SDKs.
  void send(std::string_view datagram) override;
  /// "127.0.0.1:2000".
  const std::string& address() const { return address_; }

 private:
  UdpSegmentSink(int fd, std::string address) : fd_(fd), address_(std::move(address)) {}
  int fd_;
  std::string address_;
};

}  // namespace gw::server
