#pragma once

// TODO(lead): define GW_VERSION from PROJECT_VERSION in CMakeLists.txt.
#ifndef GW_VERSION
#define GW_VERSION "0.1.0"
#endif
