// The writer's bytes: the golden sample trace (every record type), determinism across the three
// outputs, exact number and string formatting, the flush policy, misuse and the hash helpers.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>

#include "engine/engine.h"
#include "tests/support/golden.h"
#include "tests/trace/sample.h"
#include "trace/format.h"
#include "trace_writer/hash.h"
#include "trace_writer/json_out.h"
#include "trace_writer/writer.h"

namespace dsl::trace::test {
namespace {

namespace fs = std::filesystem;

std::string read_all(std::FILE* f) {
    std::fflush(f);
    std::rewind(f);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
        out.append(buf, n);
    return out;
}

fs::path temp_path(const std::string& name) {
    return fs::temp_directory_path() / ("dsl_trace_" + std::to_string(::getpid()) + "_" + name);
}

// The sample trace is a golden file: any change of the bytes the writer produces shows in the
// diff (and docs/trace.md quotes it). DSL_UPDATE_GOLDEN=1 rewrites it.
TEST(TraceWriter, GoldenSample) {
    fs::path golden = fs::path(DSL_TRACE_GOLDEN_DIR) / "sample.jsonl";
    std::string actual = sample_trace();
    if (dsl::test::update_golden()) {
        dsl::test::write_text(golden, actual);
        GTEST_SKIP() << "rewrote " << golden;
    }
    EXPECT_EQ(dsl::test::read_text(golden), actual);
}

TEST(TraceWriter, EveryLineIsOneRecordAndTheRecordTypeComesFirst) {
    std::string text = sample_trace();
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    std::istringstream in(text);
    std::size_t lines = 0;
    for (std::string line; std::getline(in, line); ++lines) {
        EXPECT_EQ(line.rfind("{\"t\":\"", 0), 0u) << line;
        EXPECT_EQ(line.back(), '}') << line;
    }
    // header, 2 calls + 2 logs before and after, bar, 2 ticks, clock, every engine event, the
    // snapshot with positions, 2 calls, error, end
    EXPECT_EQ(lines, 1 + 2 + 1 + 2 + 1 + engine::kEventKindCount + 1 + 3 + 1 + 1);
}

TEST(TraceWriter, IdenticalCallsGiveIdenticalBytesOnEveryOutput) {
    std::string a = sample_trace();
    EXPECT_EQ(a, sample_trace());

    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    {
        Writer w(f);
        write_sample(w);
        EXPECT_TRUE(w.ok());
        EXPECT_EQ(w.bytes_written(), a.size());
    }
    EXPECT_EQ(read_all(f), a);
    std::fclose(f);

    fs::path p = temp_path("identical.jsonl");
    {
        Writer w(p.string());
        ASSERT_TRUE(w.ok()) << w.error();
        write_sample(w);
        EXPECT_TRUE(w.close());
    }
    EXPECT_EQ(dsl::test::read_text(p), a);
    fs::remove(p);
}

TEST(TraceWriter, HeaderNamesFormatVersionAndSymbols) {
    std::string text = sample_trace();
    std::string first = text.substr(0, text.find('\n'));
    EXPECT_EQ(first.rfind(R"({"t":"header","format":"dsl-trace","version":"1.1","producer":)", 0),
              0u)
        << first;
    EXPECT_NE(first.find(R"("symbols":["ORCL","NVDA"])"), std::string::npos);
    EXPECT_NE(first.find(R"("seed":18446744073709551615)"), std::string::npos);
    EXPECT_NE(first.find(R"("session_offset_ns":-14400000000000)"), std::string::npos);
    EXPECT_NE(first.find(R"("initial_margin_rate":null)"), std::string::npos);
    EXPECT_NE(first.find(R"({"name":"k","type":"float","value":0.1})"), std::string::npos);
    EXPECT_NE(first.find(R"("rows":null,"bytes":null,"hash":null)"), std::string::npos);
}

std::string fixed_text(engine::Fixed v) {
    detail::OutBuffer out;
    detail::JsonOut(out).put_fixed(v);
    return std::string(out.view());
}

TEST(TraceWriter, FixedValuesAreWrittenExactly) {
    using engine::Fixed;
    using engine::fx;
    EXPECT_EQ(fixed_text(fx(0)), "0");
    EXPECT_EQ(fixed_text(fx(100)), "100");
    EXPECT_EQ(fixed_text(fx("2.179012")), "2.179012");
    EXPECT_EQ(fixed_text(fx("-0.5")), "-0.5");
    EXPECT_EQ(fixed_text(fx("0.00000001")), "0.00000001");
    EXPECT_EQ(fixed_text(fx("-0.00000001")), "-0.00000001");
    EXPECT_EQ(fixed_text(fx("12345678.12345678")), "12345678.12345678");
    EXPECT_EQ(fixed_text(Fixed::max()), "92233720368.54775807");
    EXPECT_EQ(fixed_text(Fixed::min()), "-92233720368.54775807");
    EXPECT_EQ(fixed_text(Fixed::nan()), "null");
    // The same text as the engine's own formatting, for a sweep of raw values.
    for (std::int64_t raw = -1'000'000'007; raw < 1'000'000'007; raw += 9'999'991) {
        Fixed v = Fixed::from_raw(raw);
        EXPECT_EQ(fixed_text(v), v.to_string());
    }
    // Every number of trailing zeros, with and without an integer part.
    for (std::int64_t digits : {1, 7, 12345678, 99999999}) {
        for (std::int64_t scale = 1; scale <= 100'000'000; scale *= 10) {
            for (std::int64_t units : {0LL, 3LL, -42LL, 92'233'720'367LL}) {
                std::int64_t frac = digits * scale % 100'000'000;
                Fixed v = Fixed::from_raw(units * 100'000'000 + (units < 0 ? -frac : frac));
                EXPECT_EQ(fixed_text(v), v.to_string());
            }
        }
    }
}

TEST(TraceWriter, NumbersAndTimestamps) {
    detail::OutBuffer buffer;
    detail::JsonOut o(buffer);
    o.put_double(0.1);
    o.put_key("");
    o.put_double(-0.0);
    o.put_key("");
    o.put_double(1e21);
    o.put_key("");
    o.put_double(std::numeric_limits<double>::quiet_NaN());
    o.put_key("");
    o.put_double(-std::numeric_limits<double>::infinity());
    o.time("a", engine::kNoTime);
    o.time("b", -1);
    o.symbol("c", engine::kNoSymbol);
    o.integer("d", std::numeric_limits<std::int64_t>::min());
    o.unsigned_("e", std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(buffer.view(),
              R"(0.1,-0,1e+21,null,null,"a":null,"b":-1,"c":null,"d":-9223372036854775808,)"
              R"("e":18446744073709551615)");
}

std::string string_text(std::string_view s) {
    detail::OutBuffer out;
    detail::JsonOut(out).put_string(s);
    return std::string(out.view());
}

TEST(TraceWriter, StringsAreEscapedAndMadeValidUtf8) {
    EXPECT_EQ(string_text("plain"), R"("plain")");
    EXPECT_EQ(string_text("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(string_text("\n\r\t\x01\x1f"), R"("\n\r\t\u0001\u001f")");
    EXPECT_EQ(string_text(std::string_view("\0x", 2)), R"("\u0000x")");
    EXPECT_EQ(string_text("\x7f"), "\"\x7f\"");
    // Valid UTF-8 of every length passes unchanged.
    EXPECT_EQ(string_text("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9A\x80"),
              "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9A\x80\"");
    const std::string r = "\xEF\xBF\xBD";  // U+FFFD
    EXPECT_EQ(string_text("\xFF"), "\"" + r + "\"");
    EXPECT_EQ(string_text("a\x80z"), "\"a" + r + "z\"");
    EXPECT_EQ(string_text("\xC0\x80"), "\"" + r + r + "\"");                  // overlong
    EXPECT_EQ(string_text("\xED\xA0\x80"), "\"" + r + r + r + "\"");          // surrogate
    EXPECT_EQ(string_text("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // > U+10FFFF
    EXPECT_EQ(string_text("x\xE2\x82"), "\"x" + r + r + "\"");                // cut short
}

TEST(TraceWriter, LongStringsGrowTheBuffer) {
    std::string text(100'000, 'x');
    text[50'000] = '\n';
    std::string expected = "\"" + text.substr(0, 50'000) + "\\n" + text.substr(50'001) + "\"";
    EXPECT_EQ(string_text(text), expected);
    std::string controls(10'000, '\x01');
    EXPECT_EQ(string_text(controls).size(), 60'002u);
}

TEST(TraceWriter, FlushEveryEventLeavesWholeLinesAfterEachEvent) {
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    WriterOptions options;
    options.flush_every = 1;
    auto w_owner = std::make_unique<Writer>(f, options);
    Writer& w = *w_owner;
    w.write_header(sample_header());
    w.write_bar(sample_bar(0, kT0), 1);
    engine::PortfolioSnapshot account;
    account.ts = kT0;
    w.write_snapshot(account, {});
    std::string after_first = read_all(f);
    EXPECT_EQ(std::count(after_first.begin(), after_first.end(), '\n'), 3);
    EXPECT_EQ(after_first.back(), '\n');
    // Without a snapshot, the event is handed over when the next market event starts.
    std::fseek(f, 0, SEEK_END);
    w.write_bar(sample_bar(0, kT0 + kSecond), 2);
    w.write_log({kT0 + kSecond, 2, "on_bar", "x"});
    EXPECT_EQ(read_all(f), after_first);
    std::fseek(f, 0, SEEK_END);
    w.write_bar(sample_bar(0, kT0 + 2 * kSecond), 3);
    std::string now = read_all(f);
    EXPECT_EQ(std::count(now.begin(), now.end(), '\n'), 5);
    w_owner.reset();  // before the file it writes to is closed
    std::fclose(f);
}

TEST(TraceWriter, BufferedOutputIsHandedOverOnErrorEndAndWhenFull) {
    std::ostringstream out;
    WriterOptions options;
    options.flush_every = 0;
    options.buffer_bytes = 1 << 20;
    {
        Writer w(out, options);
        w.write_header(sample_header());
        for (int i = 0; i < 100; ++i)
            w.write_bar(sample_bar(0, kT0 + i), static_cast<std::uint64_t>(i + 1));
        EXPECT_EQ(out.str(), "");
        EXPECT_EQ(w.records(), 101u);
        w.write_error(sample_error());
        std::string s = out.str();
        EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 102);
        w.write_end(sample_summary());
        EXPECT_TRUE(w.ended());
    }
    options.buffer_bytes = 1000;
    std::ostringstream small;
    Writer w(small, options);
    w.write_header(sample_header());
    EXPECT_GT(small.str().size(), 0u);  // the header alone is over 1000 bytes
    std::size_t before = small.str().size();
    for (int i = 0; i < 20; ++i)
        w.write_bar(sample_bar(0, kT0 + i), static_cast<std::uint64_t>(i + 1));
    EXPECT_GT(small.str().size(), before);
    EXPECT_EQ(small.str().back(), '\n');
}

TEST(TraceWriter, MisuseIsAProgrammingError) {
    std::ostringstream out;
    Writer w(out);
    EXPECT_THROW(w.write_bar(sample_bar(0, kT0), 1), std::logic_error);
    w.write_header(sample_header());
    EXPECT_THROW(w.write_header(sample_header()), std::logic_error);
    w.write_end(sample_summary());
    EXPECT_THROW(w.write_log({kT0, 1, "on_bar", "late"}), std::logic_error);
}

TEST(TraceWriter, AnUnwritablePathIsReportedNotThrown) {
    Writer w(std::string("/nonexistent-dir/trace.jsonl"));
    EXPECT_FALSE(w.ok());
    EXPECT_EQ(w.error(), "cannot write /nonexistent-dir/trace.jsonl: No such file or directory");
    w.write_header(sample_header());  // dropped
    EXPECT_FALSE(w.close());
    EXPECT_EQ(w.bytes_written(), 0u);
}

TEST(TraceWriter, AFailingStreamIsReported) {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    Writer w(out);
    w.write_header(sample_header());
    w.flush();
    EXPECT_FALSE(w.ok());
    EXPECT_EQ(w.error(), "trace write failed");
}

TEST(TraceWriter, TraceSinkWritesSnapshotsWithTheOpenPositions) {
    std::ostringstream out;
    Writer w(out);
    TraceSink sink(w);
    engine::Engine eng({}, sink);
    engine::InstrumentSpec a, b;
    a.name = "A";
    b.name = "B";
    eng.add_instrument(a);
    eng.add_instrument(b);
    sink.attach(eng);
    RunHeader h;
    h.instruments = instrument_specs(eng.instruments());
    ASSERT_EQ(h.instruments.size(), 2u);
    EXPECT_EQ(h.instruments[1].name, "B");
    w.write_header(h);
    eng.on_bar(sample_bar(1, kT0));
    eng.market(1, engine::Side::buy, engine::fx(10));
    eng.on_bar(sample_bar(1, kT0 + kSecond));
    eng.emit_snapshot();
    w.write_end({});
    std::string text = out.str();
    std::string snapshot = text.substr(text.rfind("{\"t\":\"portfolio_snapshot\""));
    snapshot = snapshot.substr(0, snapshot.find('\n'));
    EXPECT_NE(snapshot.find(R"("positions":[{"symbol":1,"qty":10,"avg_price":2.179012,)"),
              std::string::npos)
        << snapshot;
    EXPECT_EQ(snapshot.find(R"("symbol":0)"), std::string::npos);  // flat: not listed
    EXPECT_EQ(w.engine_events(), 6u);  // submitted, accepted, fill, filled, position, snapshot
}

TEST(TraceHash, Xxh3OfBytesAndFiles) {
    EXPECT_EQ(hash_hex(0x0123456789abcdefull), "0123456789abcdef");
    EXPECT_EQ(hash_bytes(""), "2d06800538d394c2");  // XXH3-64 of nothing, seed 0
    fs::path p = temp_path("digest.txt");
    std::string content = "timestamp,open\n1,2\n3,4";
    dsl::test::write_text(p, content);
    auto d = digest_file(p.string());
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->hash, hash_bytes(content));
    EXPECT_EQ(d->bytes, content.size());
    EXPECT_EQ(d->lines, 3u);
    fs::remove(p);
    EXPECT_FALSE(digest_file(p.string()).has_value());
}

TEST(TraceFormat, RecordNamesRoundTrip) {
    for (std::size_t i = 0; i < kRecordKindCount; ++i) {
        auto kind = static_cast<RecordKind>(i);
        EXPECT_EQ(record_kind(record_name(kind)), kind);
        EXPECT_EQ(is_engine_record(kind), i < engine::kEventKindCount);
        if (i < engine::kEventKindCount) {
            EXPECT_EQ(record_name(kind), engine::event_name(i));
        }
    }
    EXPECT_FALSE(record_kind("nope").has_value());
}

}  // namespace
}  // namespace dsl::trace::test
