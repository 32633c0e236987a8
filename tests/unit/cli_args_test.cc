// cli/args.h: one declaration parses the command line and generates --help.
#include "cli/args.h"

#include <gtest/gtest.h>

#include <sstream>

#include "text/error.h"

namespace muwazi::cli {
namespace {

Options make_options() {
  static const Options group = std::move(Options("aligner", "").value("--max-bead", "N", "largest bead side"));
  Options o("tm add", "usage: muwazi tm add [options] SRC TGT\n");
  o.value("--db", "PATH", "the TM").flag("--presplit", "one sentence per line").value("-o", "FILE", "output");
  o.add(group);
  return o;
}

std::string usage_error(const std::vector<std::string>& argv) {
  try {
    make_options().parse(argv);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.what();
  }
  return "(no error)";
}

TEST(CliArgs, ValuesSwitchesAndPositionals) {
  Args a = make_options().parse({"--db", "a.db", "x.ar", "--presplit", "-", "--max-bead=3", "-o", "out"});
  EXPECT_EQ(a.get("--db"), "a.db");
  EXPECT_TRUE(a.has("--presplit"));
  EXPECT_FALSE(a.help());
  EXPECT_EQ(a.get_int("--max-bead", 0, 0, 8), 3);  // a flag of the added group
  EXPECT_EQ(a.get("-o"), "out");
  EXPECT_EQ(a.positional(), (std::vector<std::string>{"x.ar", "-"}));
  EXPECT_EQ(a.get("--user", "nobody"), "nobody");
  EXPECT_FALSE(a.get_opt("--user"));
}

TEST(CliArgs, RepeatedFlagsKeepEveryValueAndGetGivesTheLast) {
  Args a = make_options().parse({"--db", "a", "--db=b", "--presplit", "--presplit"});
  EXPECT_EQ(a.get_all("--db"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(a.get("--db"), "b");
  EXPECT_TRUE(a.has("--presplit"));
}

TEST(CliArgs, DoubleDashEndsTheFlags) {
  Args a = make_options().parse({"--db", "a", "--", "--presplit", "-x"});
  EXPECT_FALSE(a.has("--presplit"));
  EXPECT_EQ(a.positional(), (std::vector<std::string>{"--presplit", "-x"}));
}

TEST(CliArgs, HelpEverywhere) {
  EXPECT_TRUE(make_options().parse({"--help"}).help());
  EXPECT_TRUE(make_options().parse({"-h", "junk"}).help());
}

TEST(CliArgs, UsageErrorsNameTheFlag) {
  EXPECT_EQ(usage_error({"--bogus"}), "unknown option --bogus (see muwazi tm add --help)");
  EXPECT_EQ(usage_error({"-x"}), "unknown option -x (see muwazi tm add --help)");
  EXPECT_EQ(usage_error({"--db"}), "--db needs a value");
  EXPECT_EQ(usage_error({"--presplit=yes"}), "--presplit takes no value");
  // No abbreviations: --pre is not --presplit, --max not --max-bead.
  EXPECT_EQ(usage_error({"--pre"}), "unknown option --pre (see muwazi tm add --help)");
  EXPECT_EQ(usage_error({"--max", "3"}), "unknown option --max (see muwazi tm add --help)");
  EXPECT_EQ(usage_error({"--muwazi-positional-argument", "x"}).rfind("unknown option", 0), 0u);
}

TEST(CliArgs, TypedGettersCheckRanges) {
  Args a = make_options().parse({"--max-bead", "9", "--db", "x"});
  EXPECT_THROW(a.get_int("--max-bead", 0, 0, 8), Error);
  EXPECT_THROW(a.get_double("--db", 0, 0, 1), Error);
  EXPECT_THROW(a.get_choice("--db", "tmx", {"tmx", "tsv"}), Error);
  EXPECT_THROW(a.require_positional(1, 2, "SRC and TGT"), Error);
}

TEST(CliArgs, HelpIsGeneratedFromTheDeclarations) {
  std::ostringstream out;
  make_options().print_help(out);
  const std::string h = out.str();
  EXPECT_EQ(h.rfind("usage: muwazi tm add [options] SRC TGT\n", 0), 0u) << h;
  for (const char* s : {"--db PATH", "the TM", "--presplit", "-o FILE", "--help", "aligner options:", "--max-bead N",
                        "largest bead side"}) {
    EXPECT_NE(h.find(s), std::string::npos) << s << " in\n" << h;
  }
  EXPECT_EQ(h.find("muwazi-positional"), std::string::npos) << h;
}

}  // namespace
}  // namespace muwazi::cli
