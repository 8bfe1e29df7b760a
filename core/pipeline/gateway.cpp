#include "core/pipeline/gateway.h"
