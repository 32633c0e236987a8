#include "text/segment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "text/error.h"
#include "text/input.h"

namespace muwazi::text {
namespace {

using Sentences = std::vector<std::string>;

// All sentences of all paragraphs, in order.
Sentences split(const std::string& text, const std::string& lang = "auto") {
  SegmentOptions opt;
  opt.lang = lang;
  Sentences out;
  for (const Paragraph& p : segment(text, opt)) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::string slurp(const std::string& rel) {
  std::ifstream in(std::string(MUWAZI_TEST_DATA) + "/" + rel, std::ios::binary);
  EXPECT_TRUE(in.good()) << rel;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Sentences lines_of(const std::string& text) {
  Sentences out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// --- English -------------------------------------------------------------

TEST(SegmentEnglish, SplitsAtStopsQuestionAndExclamationMarks) {
  EXPECT_EQ(split("It rained. Was it cold? Yes! We stayed home.", "en"),
            (Sentences{"It rained.", "Was it cold?", "Yes!", "We stayed home."}));
}

TEST(SegmentEnglish, NoSplitInsideDecimalsAndThousands) {
  EXPECT_EQ(split("Growth was 3.5 percent in 2018. Exports rose to 1,000.25 tonnes. "
                  "Shares fell .5 points.",
                  "en"),
            (Sentences{"Growth was 3.5 percent in 2018.", "Exports rose to 1,000.25 tonnes.",
                       "Shares fell .5 points."}));
}

TEST(SegmentEnglish, TitlesAndNumberAbbreviationsDoNotEndSentences) {
  EXPECT_EQ(split("Mr. Trump met Mrs. May and Dr. Ford. Gen. Mattis, Sen. Graham and Gov. Brown "
                  "agreed. Prof. Smith lives at No. 10 since Feb. 12 and St. Louis vs. Boston "
                  "is e.g. a rivalry. It ended.",
                  "en"),
            (Sentences{"Mr. Trump met Mrs. May and Dr. Ford.",
                       "Gen. Mattis, Sen. Graham and Gov. Brown agreed.",
                       "Prof. Smith lives at No. 10 since Feb. 12 and St. Louis vs. Boston is e.g. a rivalry.",
                       "It ended."}));
}

TEST(SegmentEnglish, InitialismsEndASentenceOnlyBeforeASentenceStart) {
  EXPECT_EQ(split("The U.S. Navy and the U.N. Security Council met. Sanctions hurt the U.S. "
                  "The meeting ended at 5 p.m. \"We left.\" Apple Inc. Chief Tim Cook spoke.",
                  "en"),
            (Sentences{"The U.S. Navy and the U.N. Security Council met.", "Sanctions hurt the U.S.",
                       "The meeting ended at 5 p.m.", "\"We left.\"",
                       "Apple Inc. Chief Tim Cook spoke."}));
  // The known cost of the rule: a sentence that starts with a noun after an
  // initialism stays joined (no way to tell "U.S. Officials" from a name).
  EXPECT_EQ(split("It ended at 5 p.m. Officials left.", "en"),
            (Sentences{"It ended at 5 p.m. Officials left."}));
  EXPECT_EQ(split("Without trust in the U.S. there will be no deal.", "en"),
            (Sentences{"Without trust in the U.S. there will be no deal."}));
}

TEST(SegmentEnglish, SingleCapitalInitials) {
  EXPECT_EQ(split("J. K. Rowling met George W. Bush. They talked. He took vitamin C. The end.", "en"),
            (Sentences{"J. K. Rowling met George W. Bush.", "They talked.", "He took vitamin C.",
                       "The end."}));
}

TEST(SegmentEnglish, ClosingQuotesAndBracketsStayWithTheSentence) {
  EXPECT_EQ(split("He said: \"We will win.\" Then he left. (It was late.) She said 'no.' "
                  "\u201CReally?\u201D she asked. \u201CYes!\u201D It was over.",
                  "en"),
            (Sentences{"He said: \"We will win.\"", "Then he left.", "(It was late.)",
                       "She said 'no.'", "\u201CReally?\u201D she asked.", "\u201CYes!\u201D",
                       "It was over."}));
}

TEST(SegmentEnglish, QuestionInsideAQuotedClauseBeforeLowercase) {
  EXPECT_EQ(split("\"Why?\" he asked. \"Because!\" she said. Nobody answered.", "en"),
            (Sentences{"\"Why?\" he asked.", "\"Because!\" she said.", "Nobody answered."}));
}

TEST(SegmentEnglish, Ellipsis) {
  EXPECT_EQ(split("He paused\u2026 Then he spoke. Wait\u2026 what happened? It went on... "
                  "and on... The end.",
                  "en"),
            (Sentences{"He paused\u2026", "Then he spoke.", "Wait\u2026 what happened?",
                       "It went on... and on...", "The end."}));
}

TEST(SegmentEnglish, NoSplitWithoutSpaceAfterThePeriod) {
  EXPECT_EQ(split("Visit bbc.Com or U.S.A. Today for more. It is 3.5x faster.", "en"),
            (Sentences{"Visit bbc.Com or U.S.A. Today for more.", "It is 3.5x faster."}));
}

TEST(SegmentEnglish, SentenceMayStartWithANumber) {
  // ICU alone joins these (a lowercase word follows the number).
  EXPECT_EQ(split("The planet is warming. 2014 was the hottest year. See Fig. 3 and e.g. 5 more "
                  "at 5 p.m. 20 people came.",
                  "en"),
            (Sentences{"The planet is warming.", "2014 was the hottest year.",
                       "See Fig. 3 and e.g. 5 more at 5 p.m. 20 people came."}));
}

// --- Arabic --------------------------------------------------------------

TEST(SegmentArabic, SplitsAtStopQuestionExclamationAndArabicFullStop) {
  EXPECT_EQ(split("هطل المطر. هل كان الجو باردًا؟ نعم! بقينا في البيت\u06D4 ثم نمنا.", "ar"),
            (Sentences{"هطل المطر.", "هل كان الجو باردًا؟", "نعم!", "بقينا في البيت\u06D4",
                       "ثم نمنا."}));
}

TEST(SegmentArabic, CommaIsNotATerminator) {
  EXPECT_EQ(split("قال الوزير، إن الوضع مستقر، وإن المحادثات ستستمر؛ وأضاف أنه متفائل.", "ar"),
            (Sentences{"قال الوزير، إن الوضع مستقر، وإن المحادثات ستستمر؛ وأضاف أنه متفائل."}));
}

TEST(SegmentArabic, DecimalsInBothDigitSystems) {
  EXPECT_EQ(split("بلغ النمو ٣٫٥ في المئة. وارتفع التضخم إلى ٢.٧ في المئة. وبلغ العجز 3.5 مليار و1,000 دولار.",
                  "ar"),
            (Sentences{"بلغ النمو ٣٫٥ في المئة.", "وارتفع التضخم إلى ٢.٧ في المئة.",
                       "وبلغ العجز 3.5 مليار و1,000 دولار."}));
}

TEST(SegmentArabic, AbbreviationsBeforeNames) {
  EXPECT_EQ(split("قالت د. فورد إنها خائفة. وحاضر أ. محمد و\"د. علي\" في الجامعة. وقال أ.د. سمير إنه سعيد.",
                  "ar"),
            (Sentences{"قالت د. فورد إنها خائفة.", "وحاضر أ. محمد و\"د. علي\" في الجامعة.",
                       "وقال أ.د. سمير إنه سعيد."}));
}

TEST(SegmentArabic, YearMarkerAfterANumberMayEndTheSentence) {
  EXPECT_EQ(split("ولد عام 1950 م. وانتقل إلى القاهرة عام 1970 م. ثم سافر.", "ar"),
            (Sentences{"ولد عام 1950 م.", "وانتقل إلى القاهرة عام 1970 م.", "ثم سافر."}));
  EXPECT_EQ(split("بنيت المدينة عام 300 ق.م. وازدهرت في عام 1440 هـ. وقال المؤرخ م. علي إنها قديمة.", "ar"),
            (Sentences{"بنيت المدينة عام 300 ق.م.", "وازدهرت في عام 1440 هـ.",
                       "وقال المؤرخ م. علي إنها قديمة."}));
}

TEST(SegmentArabic, QuotesAfterTerminators) {
  EXPECT_EQ(split("قال: «سنفوز.» ثم غادر. وأضاف: \"لن نستسلم!\" وصمت. وسأل: \u201Cلماذا؟\u201D وأجاب.", "ar"),
            (Sentences{"قال: «سنفوز.»", "ثم غادر.", "وأضاف: \"لن نستسلم!\"", "وصمت.",
                       "وسأل: \u201Cلماذا؟\u201D", "وأجاب."}));
}

// Arabic news often closes a quoted utterance introduced by a colon with
// the quote alone, no stop: the sentence ends there. Short quoted terms, a
// quotation not after a colon, one that ends in a comma or colon, and Latin
// text (a capital decides there) stay inside the sentence.
TEST(SegmentArabic, ColonQuotationClosedWithoutAStop) {
  EXPECT_EQ(split("وقال جاينز واصفا الموقف: \"كان ذلك شيئا جيدا للغاية\" وأردف قائلا إنه ساعد الركاب.", "ar"),
            (Sentences{"وقال جاينز واصفا الموقف: \"كان ذلك شيئا جيدا للغاية\"", "وأردف قائلا إنه ساعد الركاب."}));
  EXPECT_EQ(split("وقالت: \u201Cلن نسمح بأن يفلتوا بفعلتهم تلك\u201D وفي خطابه هاجم الحكومة.", "ar"),
            (Sentences{"وقالت: \u201Cلن نسمح بأن يفلتوا بفعلتهم تلك\u201D", "وفي خطابه هاجم الحكومة."}));
  EXPECT_EQ(split("وأضاف الوزير: «سنواصل العمل مع شركائنا في المنطقة» وغادر المؤتمر بعد ذلك.", "ar"),
            (Sentences{"وأضاف الوزير: «سنواصل العمل مع شركائنا في المنطقة»", "وغادر المؤتمر بعد ذلك."}));
  // Not after a colon; too short; ends in a colon; ends in a comma.
  for (const char* one : {"جادل بأن الحزب في مهمة \"المقاومة والعرقلة من أجل التعطيل\" وقال إنه سيواصل.",
                          "وصف الخطة بأنها: \"مهزلة كبرى\" ثم غادر القاعة.",
                          "قالت: \"ببساطة، قلت ما يجول بخاطري الآن:\" وأضافت أنها متعبة.",
                          "قال: \"إذا جاء المطر غدا صباحا،\" ثم سكت قليلا."}) {
    EXPECT_EQ(split(one, "ar"), Sentences{one}) << one;
  }
  EXPECT_EQ(split("He said: \"we are done with this\" and left the room.", "en"),
            (Sentences{"He said: \"we are done with this\" and left the room."}));
}

TEST(SegmentArabic, EllipsisAndMissingSpaceAfterStop) {
  EXPECT_EQ(split("وما زال العدّ مستمرًا\u2026 ولد العالم في ألمانيا. انتهى الاجتماع.وقال الوزير إنه راضٍ.",
                  "ar"),
            (Sentences{"وما زال العدّ مستمرًا\u2026", "ولد العالم في ألمانيا.", "انتهى الاجتماع.",
                       "وقال الوزير إنه راضٍ."}));
}

TEST(SegmentArabic, EllipsisWithoutSpaceIsNoBoundary) {
  EXPECT_EQ(split("ناقشنا الخطوة التالية والاستراتيجية والمخطط، ...الخ وقمنا ببناء خطة.", "ar"),
            (Sentences{"ناقشنا الخطوة التالية والاستراتيجية والمخطط، ...الخ وقمنا ببناء خطة."}));
}

TEST(SegmentArabic, LatinAbbreviationsInsideArabicText) {
  EXPECT_EQ(split("وقال مسؤول في U.S. Navy إن السفينة وصلت. وانتهى الأمر.", "ar"),
            (Sentences{"وقال مسؤول في U.S. Navy إن السفينة وصلت.", "وانتهى الأمر."}));
}

// --- Lines, paragraphs, headlines and lists ------------------------------

TEST(SegmentLayout, HeadlineLineWithoutStopStaysASentence) {
  std::string text =
      "Markets fall sharply\n"
      "Stocks dropped on Monday after the government announced new tariffs on imported steel and "
      "aluminium. Investors fled to bonds.\n";
  EXPECT_EQ(split(text, "en"),
            (Sentences{"Markets fall sharply",
                       "Stocks dropped on Monday after the government announced new tariffs on "
                       "imported steel and aluminium.",
                       "Investors fled to bonds."}));
}

TEST(SegmentLayout, ArabicHeadlineAndSubheads) {
  std::string text =
      "الأسواق تتراجع بحدة\n"
      "تراجعت الأسهم يوم الاثنين بعد أن أعلنت الحكومة فرض رسوم جمركية جديدة على واردات الصلب والألومنيوم. "
      "ولجأ المستثمرون إلى السندات.\n"
      "إليكم الخطوات العملية\n"
      "تحدث إلى عائلتك.\n";
  EXPECT_EQ(split(text, "ar"),
            (Sentences{"الأسواق تتراجع بحدة",
                       "تراجعت الأسهم يوم الاثنين بعد أن أعلنت الحكومة فرض رسوم جمركية جديدة على "
                       "واردات الصلب والألومنيوم.",
                       "ولجأ المستثمرون إلى السندات.", "إليكم الخطوات العملية", "تحدث إلى عائلتك."}));
}

TEST(SegmentLayout, ListItemsWithoutStops) {
  std::string text =
      "Here is what to do:\n"
      "- Talk to your family\n"
      "- Plan your finances and keep a list of every account you hold\n"
      "1. Call a lawyer\n"
      "2) Sign the papers\n"
      "(3) Relax\n"
      "\u2022 Done\n"
      "١- تحدث إلى عائلتك\n"
      "أ) خطط لمصاريفك\n";
  EXPECT_EQ(split(text, "en"),
            (Sentences{"Here is what to do:", "- Talk to your family",
                       "- Plan your finances and keep a list of every account you hold",
                       "1. Call a lawyer", "2) Sign the papers", "(3) Relax", "\u2022 Done",
                       "١- تحدث إلى عائلتك", "أ) خطط لمصاريفك"}));
}

TEST(SegmentLayout, ShortLinesOfAShortParagraphAreHeadlines) {
  EXPECT_EQ(split("Sports\nFootball results\nLivingston 1 Rangers 0\n", "en"),
            (Sentences{"Sports", "Football results", "Livingston 1 Rangers 0"}));
}

TEST(SegmentLayout, HardWrappedProseIsJoined) {
  std::string text =
      "North Korea's foreign minister told the United Nations on Saturday that\n"
      "continued sanctions were deepening its mistrust in the United States, and\n"
      "there was no way it would disarm first. Ri Yong Ho spoke to the General\n"
      "Assembly.\n";
  EXPECT_EQ(split(text, "en"),
            (Sentences{"North Korea's foreign minister told the United Nations on Saturday that "
                       "continued sanctions were deepening its mistrust in the United States, and "
                       "there was no way it would disarm first.",
                       "Ri Yong Ho spoke to the General Assembly."}));
}

TEST(SegmentLayout, LongLinesAreParagraphsOfTheirOwn) {
  // One paragraph per line, no blank lines: a long line ends its sentence
  // even without a final stop (here a quote) or after "U.S.".
  std::string text =
      "The senator said the vote would be \"a disaster for everyone who believed in the process "
      "and for the country that has waited far too long for the reform to be passed\"\n"
      "Officials in Washington and New York declined to comment on the vote on Friday, saying "
      "that the matter was now entirely in the hands of the courts and of the U.S.\n"
      "Navy officers arrived later.\n";
  EXPECT_EQ(split(text, "en"),
            (Sentences{"The senator said the vote would be \"a disaster for everyone who believed in "
                       "the process and for the country that has waited far too long for the reform "
                       "to be passed\"",
                       "Officials in Washington and New York declined to comment on the vote on "
                       "Friday, saying that the matter was now entirely in the hands of the courts and of the U.S.",
                       "Navy officers arrived later."}));
}

TEST(SegmentLayout, AbbreviationAtALineEndJoinsTheNextLine) {
  std::string text =
      "The hearing was chaired by Sen. Grassley, who said that Mr.\n"
      "Kavanaugh would testify on Thursday. It was broadcast live.\n";
  EXPECT_EQ(split(text, "en"),
            (Sentences{"The hearing was chaired by Sen. Grassley, who said that Mr. Kavanaugh would "
                       "testify on Thursday.",
                       "It was broadcast live."}));
}

TEST(SegmentLayout, BlankLinesSeparateParagraphs) {
  SegmentOptions opt;
  opt.lang = "en";
  std::vector<Paragraph> got = segment("Title\n\n  One. Two.  \n \t \n\n\nThree.\n\n", opt);
  EXPECT_EQ(got, (std::vector<Paragraph>{{"Title"}, {"One.", "Two."}, {"Three."}}));
}

TEST(SegmentLayout, EmptyAndBlankInputGiveNothing) {
  SegmentOptions opt;
  EXPECT_TRUE(segment("", opt).empty());
  EXPECT_TRUE(segment(" \n\t\n\u00A0\u200B\n", opt).empty());
}

TEST(SegmentLayout, SentencesAreTrimmedAndNeverEmpty) {
  Sentences got =
      split("  .  ! ?  \u2026 \u00A0Hello there.\u00A0\u00A0 \u200B   Fine.\t\n\n...\n\"\" ''", "en");
  EXPECT_FALSE(got.empty());
  for (const std::string& s : got) {
    ASSERT_FALSE(s.empty());
    for (std::string_view ws : {" ", "\t", "\u00A0", "\u200B"}) {
      EXPECT_NE(s.rfind(ws, 0), 0u) << "starts with white space: [" << s << "]";
      EXPECT_FALSE(s.size() >= ws.size() && s.compare(s.size() - ws.size(), ws.size(), ws) == 0)
          << "ends with white space: [" << s << "]";
    }
  }
  EXPECT_NE(std::find(got.begin(), got.end(), "Hello there."), got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), "Fine."), got.end());
}

TEST(SegmentLayout, BomAndCrlfThroughCleanText) {
  std::string bytes = "\xEF\xBB\xBFHeadline\r\n\r\nFirst sentence. Second one.\r\nThird line.\rFourth.\r\n";
  std::string clean = clean_text(bytes, "test.txt");
  SegmentOptions opt;
  opt.lang = "en";
  EXPECT_EQ(segment(clean, opt),
            (std::vector<Paragraph>{{"Headline"}, {"First sentence.", "Second one.", "Third line.", "Fourth."}}));
}

TEST(SegmentLayout, OutputIsNfc) {
  // clean_text NFC-normalizes; e + combining acute becomes é.
  std::string clean = clean_text("Caf\x65\xCC\x81 au lait. Fin.", "t");
  EXPECT_EQ(split(clean, "en"), (Sentences{"Caf\u00E9 au lait.", "Fin."}));
}

TEST(SegmentLayout, InvalidUtf8Throws) {
  SegmentOptions opt;
  try {
    segment("ok.\xC3 bad", opt);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_NE(std::string(e.what()).find("byte 3"), std::string::npos) << e.what();
  }
}

TEST(SegmentLayout, OtherLanguagesUseIcuRulesPlusTheSameFilters) {
  EXPECT_EQ(split("Herr Dr. Müller kam. Er blieb.", "de"), (Sentences{"Herr Dr. Müller kam.", "Er blieb."}));
  EXPECT_EQ(split("Il est venu. Il est parti.", "fr"), (Sentences{"Il est venu.", "Il est parti."}));
}

// --- Scale ---------------------------------------------------------------

TEST(SegmentScale, LongLinesStayLinear) {
  // 4 MB in one line: many sentences, then one sentence with no terminator,
  // then pathological runs of dots and ellipses. Must finish quickly (a
  // quadratic loop would take minutes here) and count right.
  std::string many;
  const std::string unit = "Mr. Smith paid 3.5 dollars in the U.S. Navy store. ";
  const std::size_t n = (4u << 20) / unit.size();
  for (std::size_t i = 0; i < n; ++i) many += unit;
  EXPECT_EQ(split(many, "en").size(), n);

  std::string one(4u << 20, 'a');
  for (std::size_t i = 7; i < one.size(); i += 8) one[i] = ' ';
  EXPECT_EQ(split(one, "en").size(), 1u);

  std::string dots(1u << 20, '.');
  EXPECT_EQ(split(dots, "en").size(), 1u);
  std::string ellipses;
  for (int i = 0; i < 200000; ++i) ellipses += "\u2026 ";
  EXPECT_FALSE(split(ellipses, "ar").empty());
}

TEST(SegmentScale, RandomTextIsPartitionedIntoTrimmedSentences) {
  // Property: the sentences, white space removed, spell the input with white
  // space removed, and none is empty or untrimmed; over random mixes of the
  // pieces the rules look at (fixed seed, so failures reproduce).
  const std::vector<std::string> pieces = {
      "Mr.", "U.S.", "J.", "e.g.", "No.", "Inc.", "The", "he", "word", "3.5", "1,000", "٣٫٥",
      ".", "...", "…", "!", "?", "؟", "۔", "،", ",", ":", "\"", "'", "«",
      "»", "“", "”", "(", ")", "د.", "أ.د.", "م.", "قال",
      "- ", "1. ", "١- ", " ", " ", " ", "\n", "\n\n", " ", "​", "\t", "2019", "x"};
  unsigned state = 12345;
  auto rnd = [&state](unsigned n) {
    state = state * 1103515245u + 12345u;
    return (state >> 8) % n;
  };
  auto strip = [](const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
      if (s.compare(i, 2, " ") == 0) { i += 2; continue; }
      if (s.compare(i, 3, "​") == 0) { i += 3; continue; }
      if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') { ++i; continue; }
      out.push_back(s[i++]);
    }
    return out;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    unsigned n = 1 + rnd(40);
    for (unsigned k = 0; k < n; ++k) text += pieces[rnd(static_cast<unsigned>(pieces.size()))];
    for (const std::string lang : {"en", "ar"}) {
      Sentences got = split(text, lang);
      std::string joined;
      for (const std::string& s : got) {
        ASSERT_FALSE(s.empty()) << text;
        for (std::string_view ws : {" ", "\t", "\u00A0", "\u200B"}) {
          EXPECT_NE(s.rfind(ws, 0), 0u) << "[" << text << "]";
          EXPECT_FALSE(s.size() >= ws.size() && s.compare(s.size() - ws.size(), ws.size(), ws) == 0)
              << "[" << text << "]";
        }
        EXPECT_EQ(s.find('\n'), std::string::npos) << text;
        joined += s;
      }
      ASSERT_EQ(strip(joined), strip(text)) << "[" << text << "]";
    }
  }
}

// --- The bundled sample --------------------------------------------------

// The sample article (raw text: title, blank line, body) must come back as
// the reference sentences of tests/data/sample/sentences.*.
void expect_sample_agrees(const std::string& lang) {
  Sentences want = lines_of(slurp("sample/sentences." + lang));
  Sentences got = split(clean_text(slurp("sample/article." + lang + ".txt"), "article"), lang);
  std::size_t same = 0;
  for (std::size_t i = 0; i < std::min(want.size(), got.size()); ++i) same += want[i] == got[i];
  std::printf("[segment sample %s] %zu of %zu reference sentences reproduced exactly (%zu produced)\n",
              lang.c_str(), same, want.size(), got.size());
  EXPECT_EQ(got, want);
}

TEST(SegmentSample, EnglishArticleMatchesReferenceSentences) { expect_sample_agrees("en"); }
TEST(SegmentSample, ArabicArticleMatchesReferenceSentences) { expect_sample_agrees("ar"); }

// --- guess_language ------------------------------------------------------

TEST(GuessLanguage, ByScriptOfTheLetters) {
  EXPECT_EQ(guess_language("The minister said on Saturday."), "en");
  EXPECT_EQ(guess_language("قال الوزير يوم السبت."), "ar");
  EXPECT_EQ(guess_language("قال مسؤول في شركة Apple Inc. إن المبيعات ارتفعت بنسبة 5%."), "ar");
  EXPECT_EQ(guess_language("The word سلام means peace in Arabic."), "en");
  EXPECT_EQ(guess_language("فارسی: این یک آزمایش است."), "ar");  // Arabic script
  EXPECT_EQ(guess_language(""), "en");
  EXPECT_EQ(guess_language("123 456 ٧٨٩ !!"), "en");  // no letters at all
}

TEST(GuessLanguage, AutoPicksArabicRules) {
  SegmentOptions opt;  // lang = "auto"
  EXPECT_EQ(segment("قالت د. فورد إنها خائفة. وأضافت أنها ستشهد.", opt),
            (std::vector<Paragraph>{{"قالت د. فورد إنها خائفة.", "وأضافت أنها ستشهد."}}));
}

}  // namespace
}  // namespace muwazi::text
