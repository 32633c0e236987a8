#include <gtest/gtest.h>

#include "tests/e2e/cli_util.h"

namespace muwazi::test {
namespace {

TEST(MainCli, HelpListsCommandsAndExitsZero) {
  RunResult r = run_muwazi({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: muwazi"), std::string::npos);
}

TEST(MainCli, NoArgumentsIsUsageError) {
  EXPECT_EQ(run_muwazi({}).exit_code, 2);
}

TEST(MainCli, UnknownCommandIsUsageError) {
  RunResult r = run_muwazi({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos);
}

}  // namespace
}  // namespace muwazi::test
