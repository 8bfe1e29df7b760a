#pragma once

// GW_VERSION comes from PROJECT_VERSION (CMakeLists.txt).
#ifndef GW_VERSION
#error "GW_VERSION must be defined by the build"
#endif
