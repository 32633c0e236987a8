#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "tests/unit/tm_test_util.h"
#include "text/error.h"
#include "tm/import.h"
#include "tm/tmx_reader.h"
#include "tm/tmx_writer.h"

namespace muwazi::tm {
namespace {

using testing::TempDir;
using testing::tmx_data;

std::vector<Unit> read_all(const std::string& path, TmxReadOptions o = {}) {
  std::vector<Unit> out;
  read_tmx(path, o, [&](Unit&& u) { out.push_back(std::move(u)); });
  return out;
}

std::string input_error(const std::string& path) {
  try {
    read_all(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    return e.what();
  }
  return "";
}

TEST(TmxReader, TicoEnglishArabicWithPropsAndTuids) {
  TmxReadStats st = read_tmx(tmx_data("tico19-all.en-ar.tmx"), {}, [](Unit&&) {});
  EXPECT_EQ(st.tus, 3071);
  EXPECT_EQ(st.units, 3071);
  EXPECT_EQ(st.sha256.size(), 64u);
  std::vector<Unit> us = read_all(tmx_data("tico19-all.en-ar.tmx"));
  EXPECT_EQ(us[0].source.lang, "en");
  EXPECT_EQ(us[0].target.lang, "ar");
  EXPECT_EQ(us[0].tuid, "CMU_1:1");
  EXPECT_EQ(us[0].target.text, "منذ متى لا تزال هذه الأعراض مستمرة تقريبًا؟");
  ASSERT_TRUE(us[0].extra.contains("props"));
  EXPECT_EQ(us[0].extra["props"][0]["type"], "note");
  // --src-lang ar flips the direction.
  std::vector<Unit> ar = read_all(tmx_data("tico19-all.en-ar.tmx"), {"ar", ""});
  EXPECT_EQ(ar[0].source.lang, "ar");
  EXPECT_EQ(ar[0].target.text, "about how long have these symptoms been going on?");
}

TEST(TmxReader, Utf16WithCrlfAndLegacyLangAttribute) {
  std::vector<Unit> us = read_all(tmx_data("test01.tmx"));
  ASSERT_FALSE(us.empty());
  EXPECT_EQ(us[0].source.lang, "EN-US");
  EXPECT_EQ(us[0].source.text, "A simple sentence with nothing special.");
  EXPECT_EQ(us[0].target.text, "Une phrase simple sans rien de spécial.");
  EXPECT_EQ(us[0].created_at, "20101020T200724Z");
  EXPECT_EQ(us[0].created_by, "YS");
  std::vector<Unit> html = read_all(tmx_data("html_test.tmx"));
  EXPECT_EQ(html.size(), 11u);
}

TEST(TmxReader, Iso88591DeclaredFile) {
  std::vector<Unit> us = read_all(tmx_data("tmxtest-attributes.out.tmx"));
  std::vector<Unit> utf8 = read_all(tmx_data("tmxtest-attributes.tmx"));
  ASSERT_EQ(us.size(), utf8.size());
  bool non_ascii = false;
  for (std::size_t i = 0; i < us.size(); ++i) {
    EXPECT_EQ(us[i].source.text, utf8[i].source.text);
    EXPECT_EQ(us[i].target.text, utf8[i].target.text);
    for (unsigned char c : us[i].target.text) non_ascii = non_ascii || c >= 0x80;
  }
  EXPECT_TRUE(non_ascii);  // the Latin-1 letters were decoded to UTF-8
}

TEST(TmxReader, InlineCodesAreKeptOutOfTheTextAndInTheMarkup) {
  TempDir d;
  testing::write_file(d.file("c.tmx"), R"(<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="html"/>
<body><tu tuid="7"><note>tu note</note><prop type="x-domain">health</prop>
<tuv xml:lang="en"><prop type="x-side">s</prop><seg>Click <bpt i="1" x="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> <ph x="2">&lt;img alt="<sub>Logo</sub>"/&gt;</ph>now <hi type="em">please</hi>.</seg></tuv>
<tuv xml:lang="ar"><seg>انقر <bpt i="1" x="1">&lt;b&gt;</bpt>هنا<ept i="1">&lt;/b&gt;</ept> الآن <it pos="begin">&lt;i&gt;</it>رجاءً.</seg></tuv>
</tu></body></tmx>)");
  std::vector<Unit> us = read_all(d.file("c.tmx"));
  ASSERT_EQ(us.size(), 1u);
  const Unit& u = us[0];
  EXPECT_EQ(u.source.text, "Click here now please.");
  EXPECT_EQ(u.target.text, "انقر هنا الآن رجاءً.");
  ASSERT_TRUE(u.source.markup.is_array());
  EXPECT_EQ(u.source.markup[1]["e"], "bpt");
  EXPECT_EQ(u.source.markup[1]["a"]["i"], "1");
  EXPECT_EQ(u.source.markup[1]["c"][0], "<b>");
  EXPECT_EQ(u.extra["notes"][0], "tu note");
  EXPECT_EQ(u.extra["props"][0]["value"], "health");
  EXPECT_EQ(u.extra["src"]["props"][0]["type"], "x-side");

  // Round trip: import, export, re-read: same text and markup.
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  import_file(tm, d.file("c.tmx"), {});
  std::ostringstream out;
  EXPECT_EQ(write_tmx(tm, out, {}), 1);
  testing::write_file(d.file("out.tmx"), out.str());
  std::vector<Unit> back = read_all(d.file("out.tmx"));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].source.text, u.source.text);
  EXPECT_EQ(back[0].target.text, u.target.text);
  EXPECT_EQ(back[0].source.markup, u.source.markup);
  EXPECT_EQ(back[0].target.markup, u.target.markup);
  EXPECT_EQ(back[0].tuid, "7");
  EXPECT_EQ(back[0].extra["notes"][0], "tu note");
}

TEST(TmxReader, ThreeLanguagesMakeOneUnitPerTargetLanguage) {
  TempDir d;
  testing::write_file(d.file("m.tmx"), R"(<tmx version="1.4"><header srclang="*all*"/><body>
<tu srclang="en"><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="ar"><seg>مرحبا</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>Hallo</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="ar"><seg>مرحبا</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>alone</seg></tuv></tu>
</body></tmx>)");
  std::vector<Unit> us = read_all(d.file("m.tmx"));
  ASSERT_EQ(us.size(), 4u);
  EXPECT_EQ(us[0].source.lang, "en");
  EXPECT_EQ(us[0].target.lang, "fr");
  EXPECT_EQ(us[1].target.lang, "ar");
  EXPECT_EQ(us[2].source.lang, "de");  // no srclang anywhere: the first tuv
  std::vector<Unit> ar = read_all(d.file("m.tmx"), {"ar", "en"});
  ASSERT_EQ(ar.size(), 2u);
  EXPECT_EQ(ar[0].source.text, "مرحبا");
  EXPECT_EQ(ar[0].target.text, "Hello");
}

// A tu with two target languages makes two units, each with all of the
// tu's data (the reader moves it into the last unit and copies it into the
// others).
TEST(TmxReader, EveryUnitOfAMultiTargetTuCarriesAllOfTheTu) {
  TempDir d;
  testing::write_file(d.file("m.tmx"), R"(<tmx version="1.4"><header srclang="en"/><body>
<tu tuid="9" creationid="ann" x-custom="c"><note>n</note><prop type="x-domain">health</prop>
<tuv xml:lang="en" x-side="s"><prop type="x-src">p</prop><seg>Click <ph x="1">&lt;br/&gt;</ph>here</seg></tuv>
<tuv xml:lang="fr"><note>fr note</note><seg>Cliquez ici</seg></tuv>
<tuv xml:lang="ar"><seg>انقر <ph x="1">&lt;br/&gt;</ph>هنا</seg></tuv></tu>
</body></tmx>)");
  std::vector<Unit> us = read_all(d.file("m.tmx"));
  ASSERT_EQ(us.size(), 2u);
  EXPECT_EQ(us[0].target.lang, "fr");
  EXPECT_EQ(us[1].target.lang, "ar");
  for (const Unit& u : us) {
    SCOPED_TRACE(u.target.lang);
    EXPECT_EQ(u.tuid, "9");
    EXPECT_EQ(u.created_by, "ann");
    EXPECT_EQ(u.source.lang, "en");
    EXPECT_EQ(u.source.text, "Click here");
    ASSERT_TRUE(u.source.markup.is_array());
    EXPECT_EQ(u.source.markup[1]["e"], "ph");
    EXPECT_EQ(u.extra["notes"][0], "n");
    EXPECT_EQ(u.extra["props"][0]["value"], "health");
    EXPECT_EQ(u.extra["attrs"]["x-custom"], "c");
    EXPECT_EQ(u.extra["src"]["props"][0]["value"], "p");
    EXPECT_EQ(u.extra["src"]["attrs"]["x-side"], "s");
  }
  EXPECT_EQ(us[0].target.text, "Cliquez ici");
  EXPECT_EQ(us[0].extra["tgt"]["notes"][0], "fr note");
  EXPECT_EQ(us[1].target.text, "انقر هنا");
  EXPECT_EQ(us[1].target.markup[1]["e"], "ph");
  EXPECT_FALSE(us[1].extra.contains("tgt"));
}

TEST(TmxReader, ErrorsNameFileAndLine) {
  TempDir d;
  testing::write_file(d.file("bad.tmx"), "<tmx version=\"1.4\"><header/><body>\n<tu>\n<tuv xml:lang=\"en\"><seg>a</seg></tuv>\n<tuv><seg>b</seg></tuv></tu></body></tmx>");
  std::string e = input_error(d.file("bad.tmx"));
  EXPECT_NE(e.find("bad.tmx:4: <tuv> without xml:lang"), std::string::npos) << e;
  testing::write_file(d.file("xml.tmx"), "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"en\"><seg>a</sag></tuv></tu></body></tmx>");
  e = input_error(d.file("xml.tmx"));
  EXPECT_NE(e.find("xml.tmx:2: XML error"), std::string::npos) << e;
  testing::write_file(d.file("lang.tmx"), "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"qqq-zz\"><seg>a</seg></tuv></tu></body></tmx>");
  e = input_error(d.file("lang.tmx"));
  EXPECT_NE(e.find("unknown language tag 'qqq-zz'"), std::string::npos) << e;
  // Tags are checked once per file and remembered: a later unknown one still fails.
  testing::write_file(d.file("lang2.tmx"),
                      "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv "
                      "xml:lang=\"ar\"><seg>b</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv "
                      "xml:lang=\"qqq\"><seg>b</seg></tuv></tu></body></tmx>");
  e = input_error(d.file("lang2.tmx"));
  EXPECT_NE(e.find("lang2.tmx:3: unknown language tag 'qqq'"), std::string::npos) << e;
  testing::write_file(d.file("root.tmx"), "<html><body/></html>");
  EXPECT_NE(input_error(d.file("root.tmx")).find("not a TMX file"), std::string::npos);
  testing::write_file(d.file("trunc.tmx"), "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>a");
  EXPECT_NE(input_error(d.file("trunc.tmx")).find("trunc.tmx:"), std::string::npos);
}

TEST(TmxReader, NoEntityExpansionNoExternalFetch) {
  TempDir d;
  std::string lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY a \"aaaaaaaaaa\">\n";
  std::string prev = "a";
  for (int i = 0; i < 10; ++i) {
    std::string name = "e" + std::to_string(i);
    lol += "<!ENTITY " + name + " \"";
    for (int k = 0; k < 10; ++k) lol += "&" + prev + ";";
    lol += "\">\n";
    prev = name;
  }
  lol += "]>\n<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&" + prev +
         ";</seg></tuv><tuv xml:lang=\"ar\"><seg>x</seg></tuv></tu></body></tmx>";
  testing::write_file(d.file("lol.tmx"), lol);
  std::string e = input_error(d.file("lol.tmx"));
  EXPECT_FALSE(e.empty());  // refused, quickly and without exhausting memory
  // An external entity (file or network) is never fetched.
  testing::write_file(d.file("secret.txt"), "SECRET");
  testing::write_file(d.file("xxe.tmx"), "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY s SYSTEM \"file://" +
                                             d.file("secret.txt") +
                                             "\">]>\n<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&s;</seg></tuv><tuv xml:lang=\"ar\"><seg>x</seg></tuv></tu></body></tmx>");
  try {
    std::vector<Unit> us = read_all(d.file("xxe.tmx"));
    for (const Unit& u : us) EXPECT_EQ(u.source.text.find("SECRET"), std::string::npos);
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::kInput);
  }
  // A DOCTYPE naming the DTD (as most TMX files do) is fine: not loaded.
  testing::write_file(d.file("dtd.tmx"), "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"http://example.invalid/tmx14.dtd\">\n<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"ar\"><seg>b</seg></tuv></tu></body></tmx>");
  EXPECT_EQ(read_all(d.file("dtd.tmx")).size(), 1u);
}

TEST(TmxWriter, ExportIsWellFormedTmx14WithTheRequiredHeader) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  for (const char* f : {"tico19-all.en-ar.tmx", "Paragraph_TM.tmx", "html_test.tmx", "sample14b.tmx", "test01.tmx"}) {
    import_file(tm, tmx_data(f), {});
  }
  std::ostringstream out;
  std::int64_t n = write_tmx(tm, out, {});
  EXPECT_EQ(n, tm.unit_count());
  const std::string x = out.str();
  for (const char* attr : {"creationtool=\"muwazi\"", "segtype=\"sentence\"", "o-tmf=", "adminlang=\"en\"",
                           "srclang=\"*all*\"", "datatype=", "<tmx version=\"1.4\">"}) {
    EXPECT_NE(x.find(attr), std::string::npos) << attr;
  }
  testing::write_file(d.file("out.tmx"), x);
  // Our own reader takes it back unit for unit.
  EXPECT_EQ(static_cast<std::int64_t>(read_all(d.file("out.tmx")).size()), n);
  if (std::system("command -v xmllint >/dev/null 2>&1") == 0) {
    // Well-formed, and valid against the TMX 1.4b structure.
    std::string cmd = "xmllint --noout --nonet --dtdvalid " + tmx_data("tmx14b-structure.dtd") + " " +
                      d.file("out.tmx") + " 2>" + d.file("lint.err");
    EXPECT_EQ(std::system(cmd.c_str()), 0) << testing::read_file(d.file("lint.err"));
  }
  // One language pair only: srclang is that language.
  std::ostringstream ar;
  write_tmx(tm, ar, {"en", "ar"});
  EXPECT_NE(ar.str().find("srclang=\"en\" datatype"), std::string::npos);
}

}  // namespace
}  // namespace muwazi::tm
