// Runs a libFuzzer target (LLVMFuzzerTestOneInput) without libFuzzer: every seed file given,
// then seeded random mutations of them (bit flips, token insertions, deletions, duplications,
// splices), bounded by --runs and --seconds. Used by ctest under ASan+UBSan on toolchains whose
// clang cannot build gw (clang 14 lacks libstdc++ 12's std::expected); with a newer clang the
// same targets link against -fsanitize=fuzzer instead (fuzz/README.md).
//   fuzz_vtl [--runs N] [--seconds S] [--seed X] SEED_FILE_OR_DIR...
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// Tokens of the grammars the targets read (VTL, JSONPath, YAML/JSON, OpenAPI).
constexpr std::string_view kTokens[] = {
    "#set(",   "#if(",      "#elseif(", "#else",     "#end",       "#foreach(", " in ",
    "#break",  "#stop",     "##",       "#*",        "*#",         "$",         "${",
    "$!",      "}",         "(",        ")",         "[",          "]",         "{",
    "\"",      "'",         ".",        ",",         ":",          "..",        "[1..1000]",
    "$input.json('$')",     "$input.path('$.a')",    "$input.params('x')",      "$util.parseJson(",
    "$util.escapeJavaScript(", "$context.requestOverride.header.x", "$foreach.hasNext",
    "?(@.",    "[*]",       "$..",      "[-1:]",     "==",         "&&",        "||",
    "\n",      "\n  ",      "- ",       "&a ",       "*a",         "<<: ",      "!Ref ",
    "$ref: '#/",            "x-amazon-apigateway-integration:", "paths:",    "openapi: 3.0.1\n",
    "\xff",    "\xc3\xa9",  "0",        "-1",        "1e999",      "null",      "true",
};

struct Options {
  uint64_t runs = 10000;
  double seconds = 60;
  uint64_t seed = 1;
  std::vector<std::string> seeds;
};

void add_seed_files(const std::filesystem::path& p, std::vector<std::string>& out) {
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
      if (e.is_regular_file(ec)) {
        add_seed_files(e.path(), out);
      }
    }
    return;
  }
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  out.push_back(ss.str());
}

std::string mutate(std::string s, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  auto pick = [&rng](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  int count = 1 + static_cast<int>(pick(4));
  for (int i = 0; i < count; ++i) {
    size_t at = pick(s.size() + 1);
    switch (pick(6)) {
      case 0:
        if (!s.empty()) {
          s[pick(s.size())] ^= static_cast<char>(1u << pick(8));
        }
        break;
      case 1:
      case 2:
        s.insert(at, kTokens[pick(std::size(kTokens))]);
        break;
      case 3:
        s.erase(at, pick(16));
        break;
      case 4:
        s.insert(at, s.substr(pick(s.size() + 1), pick(64)));
        break;
      default: {
        const std::string& other = seeds[pick(seeds.size())];
        s = s.substr(0, at) + other.substr(pick(other.size() + 1));
      }
    }
  }
  if (s.size() > (1u << 16)) {
    s.resize(1u << 16);
  }
  return s;
}

int run_one(const std::string& s) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if ((a == "--runs" || a == "--seconds" || a == "--seed") && i + 1 < argc) {
      const char* v = argv[++i];
      if (a == "--runs") {
        o.runs = std::strtoull(v, nullptr, 10);
      } else if (a == "--seconds") {
        o.seconds = std::strtod(v, nullptr);
      } else {
        o.seed = std::strtoull(v, nullptr, 10);
      }
    } else {
      add_seed_files(argv[i], o.seeds);
    }
  }
  if (o.seeds.empty()) {
    o.seeds.emplace_back();
  }
  for (const std::string& s : o.seeds) {
    run_one(s);
  }
  std::mt19937_64 rng(o.seed);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(o.seconds * 1000));
  uint64_t done = 0;
  for (; done < o.runs && std::chrono::steady_clock::now() < deadline; ++done) {
    run_one(mutate(o.seeds[done % o.seeds.size()], o.seeds, rng));
  }
  std::printf("%zu seeds, %llu mutated inputs, no crash\n", o.seeds.size(),
              static_cast<unsigned long long>(done));
  return 0;
}
