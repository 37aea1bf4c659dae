// A small test harness for the model area. The model builds without Qt
// (TGC_MODEL_ONLY, the GPU machine has libtorch alone), so Qt Test is not
// available here. Each test file is one executable registered with CTest.
//
//   TGC_TEST(tokenizer_matches_reference) { TGC_CHECK(a == b); TGC_CHECK_CLOSE(x, y, 1e-5); }
//   int main(int argc, char** argv) { return tgc::test::runAll(argc, argv); }
//
// Output ends with "N passed, N failed[, N skipped]".
#pragma once

#include <cmath>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace tgc::test {

struct Case {
    std::string name;
    std::function<void()> body;
};

inline std::vector<Case>& registry() {
    static std::vector<Case> cases;
    return cases;
}

struct Failure {
    std::string message;
};
struct Skip {
    std::string reason;
};

struct Registrar {
    Registrar(const char* name, std::function<void()> body) {
        registry().push_back({name, std::move(body)});
    }
};

// Folder of ../shared (CLIP vocabulary, reference ids); set by CMake.
inline std::string sharedDir() {
    if (const char* env = std::getenv("TGC_SHARED_DIR"))
        return env;
#ifdef TGC_SHARED_DIR
    return TGC_SHARED_DIR;
#else
    return "../shared";
#endif
}

// Runs every registered case, or those whose name contains argv[1].
inline int runAll(int argc, char** argv) {
    const std::string filter = argc > 1 ? argv[1] : "";
    int passed = 0, failed = 0, skipped = 0;
    for (const Case& c : registry()) {
        if (!filter.empty() && c.name.find(filter) == std::string::npos)
            continue;
        try {
            c.body();
            ++passed;
            std::cout << "PASS   " << c.name << "\n";
        } catch (const Failure& f) {
            ++failed;
            std::cout << "FAIL   " << c.name << ": " << f.message << "\n";
        } catch (const Skip& s) {
            ++skipped;
            std::cout << "SKIP   " << c.name << ": " << s.reason << "\n";
        } catch (const std::exception& e) {
            ++failed;
            std::cout << "FAIL   " << c.name << ": unexpected exception: " << e.what() << "\n";
        }
        std::cout.flush();
    }
    std::cout << passed << " passed, " << failed << " failed";
    if (skipped)
        std::cout << ", " << skipped << " skipped";
    std::cout << "\n";
    return failed == 0 && passed > 0 ? 0 : 1;
}

} // namespace tgc::test

#define TGC_TEST_CAT2(a, b) a##b
#define TGC_TEST_CAT(a, b) TGC_TEST_CAT2(a, b)
#define TGC_TEST(name)                                                                         \
    static void name();                                                                        \
    static ::tgc::test::Registrar TGC_TEST_CAT(tgc_registrar_, name)(#name, name);             \
    static void name()

#define TGC_FAIL(msg)                                                                          \
    do {                                                                                       \
        std::ostringstream tgc_os_;                                                            \
        tgc_os_ << __FILE__ << ":" << __LINE__ << ": " << msg;                                 \
        throw ::tgc::test::Failure{tgc_os_.str()};                                             \
    } while (0)

#define TGC_CHECK(cond)                                                                        \
    do {                                                                                       \
        if (!(cond))                                                                           \
            TGC_FAIL("check failed: " #cond);                                                  \
    } while (0)

#define TGC_CHECK_EQ(a, b)                                                                     \
    do {                                                                                       \
        const auto& tgc_a_ = (a);                                                              \
        const auto& tgc_b_ = (b);                                                              \
        if (!(tgc_a_ == tgc_b_))                                                               \
            TGC_FAIL(#a " == " #b " failed: " << tgc_a_ << " vs " << tgc_b_);                  \
    } while (0)

#define TGC_CHECK_CLOSE(a, b, tol)                                                             \
    do {                                                                                       \
        const double tgc_a_ = double(a), tgc_b_ = double(b);                                   \
        if (!(std::abs(tgc_a_ - tgc_b_) <= (tol)))                                             \
            TGC_FAIL(#a " ~= " #b " failed: " << tgc_a_ << " vs " << tgc_b_ << " (tol " << (tol) \
                                               << ")");                                        \
    } while (0)

// Passes when the statement throws an exception whose what() contains text.
#define TGC_CHECK_THROWS_WITH(stmt, text)                                                      \
    do {                                                                                       \
        bool tgc_threw_ = false;                                                               \
        try {                                                                                  \
            stmt;                                                                              \
        } catch (const std::exception& tgc_e_) {                                               \
            tgc_threw_ = true;                                                                 \
            if (std::string(tgc_e_.what()).find(text) == std::string::npos)                    \
                TGC_FAIL(#stmt " threw '" << tgc_e_.what() << "', expected to mention '"      \
                                          << text << "'");                                     \
        }                                                                                      \
        if (!tgc_threw_)                                                                       \
            TGC_FAIL(#stmt " did not throw");                                                  \
    } while (0)

#define TGC_SKIP(reason) throw ::tgc::test::Skip{reason}
