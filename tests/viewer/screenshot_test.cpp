// dslview's headless screenshots, read back pixel by pixel. Each test renders a recorded run
// with `dslview TRACE --screenshot OUT.png ...`, builds the same scene from the same options with
// the view model (the code the renderer draws from), and checks that each element's colour is
// on the pixels where the scene puts it: fill markers at their bar and price, limit and stop
// lines on the rows of their prices, the position's PnL label when a position is open (and none
// when flat), ambiguous-bar marks; broken traces still give a picture with the error banner;
// a trace growing while dslview follows it is shown complete once its run ends, also a live
// run of dslvm; the README's picture shows what the README says it shows.
//
// Needs a display: CTest runs this program under xvfb-run (tests/viewer/CMakeLists.txt).
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include "tests/viewer/recorded.h"
#include "viewer/layout.h"
#include "viewer/palette.h"
#include "viewer/scene.h"
#include "viewer/state.h"
#include "viewer/time_text.h"
#include "viewer/view_model.h"

namespace dsl::viewer::test {
namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    Rgb at(int x, int y) const {
        if (x < 0 || y < 0 || x >= width || y >= height) return {};
        std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
        return {rgb[i], rgb[i + 1], rgb[i + 2]};
    }
    // Pixels of row y in [x0, x1) that have colour c, as a fraction.
    double row_share(int y, int x0, int x1, Rgb c) const {
        int n = 0;
        for (int x = x0; x < x1; ++x)
            n += at(x, y) == c;
        return x1 > x0 ? static_cast<double>(n) / (x1 - x0) : 0;
    }
    bool any(const Rect& r, Rgb c) const {
        for (int y = r.y; y < r.bottom(); ++y) {
            for (int x = r.x; x < r.right(); ++x) {
                if (at(x, y) == c) return true;
            }
        }
        return false;
    }
};

Image load_png(const std::string& path) {
    Image img;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &img.width, &img.height, &channels, 3);
    if (data == nullptr) return img;
    img.rgb.assign(data, data + static_cast<std::size_t>(img.width) * img.height * 3);
    stbi_image_free(data);
    return img;
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs dslview with `args`; returns its exit code (stderr into *err when given).
int dslview(const std::vector<std::string>& args, std::string* err = nullptr,
            const std::string& env = "") {
    static int calls = 0;
    std::string err_path = (temp_dir() / ("stderr-" + std::to_string(++calls))).string();
    // Appended piece by piece: `" " + std::string` trips GCC 12's -Wrestrict at -O3.
    std::string cmd = env;
    cmd += ' ';
    cmd += shell_quote(DSLVIEW_PATH);
    for (const std::string& a : args) {
        cmd += ' ';
        cmd += shell_quote(a);
    }
    cmd += " >/dev/null 2>";
    cmd += shell_quote(err_path);
    int status = std::system(cmd.c_str());
    if (err != nullptr) *err = slurp(err_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string png_path(const std::string& name) {
    return (temp_dir() / (name + ".png")).string();
}

// The view model opened as dslview opens it for these options, and its chart scene.
struct Expected {
    ViewerOptions options;
    std::unique_ptr<ViewModel> model;
    ChartScene scene;
};

Expected expect(const std::string& trace, const std::vector<std::string>& args) {
    Expected e;
    std::vector<const char*> argv{"dslview", trace.c_str()};
    for (const std::string& a : args)
        argv.push_back(a.c_str());
    EXPECT_EQ(parse_options(static_cast<int>(argv.size()), argv.data(), e.options), -1);
    e.model = std::make_unique<ViewModel>(e.options);
    ScreenLayout screen =
        screen_layout(e.options.width, e.options.height, e.options.panel == PanelTab::bytecode);
    e.scene = e.model->scene(chart_layout(screen.chart));
    return e;
}

// Renders and loads the picture; the exit code must be `code`.
Image render(const std::string& name, const std::string& trace,
             const std::vector<std::string>& args, int code = 0) {
    std::vector<std::string> all{trace, "--screenshot", png_path(name)};
    all.insert(all.end(), args.begin(), args.end());
    std::string err;
    EXPECT_EQ(dslview(all, &err), code) << err;
    Image img = load_png(png_path(name));
    EXPECT_GT(img.width, 0) << "no PNG: " << err;
    return img;
}

Rgb fill_colour(const FillMarker& m) {
    return m.side == trace::Side::buy ? palette::kFillBuy : palette::kFillSell;
}

// Every fill marker not covered by a later one has its colour at its centre.
std::size_t check_fill_markers(const Image& img, const ChartScene& s) {
    std::size_t checked = 0;
    for (std::size_t i = 0; i < s.fills.size(); ++i) {
        const FillMarker& m = s.fills[i];
        bool covered = false;
        for (std::size_t j = i + 1; j < s.fills.size(); ++j) {
            covered |= std::abs(s.fills[j].x - m.x) <= 2 * kMarkerRadius &&
                       std::abs(s.fills[j].y - m.y) <= 2 * kMarkerRadius;
        }
        if (covered) continue;
        EXPECT_EQ(img.at(m.x, m.y), fill_colour(m))
            << "fill #" << m.fill << " at " << m.x << "," << m.y;
        ++checked;
    }
    return checked;
}

// The candle's colour is on its wick's column (markers may cover part of it).
bool candle_drawn(const Image& img, const CandleShape& c) {
    Rgb colour = c.up ? palette::kCandleUp : palette::kCandleDown;
    return img.any({c.wick_x, c.wick_top, 1, c.wick_bottom - c.wick_top}, colour);
}

Rgb line_colour(const OrderLine& l) {
    Rgb c = l.kind == LineKind::limit
                ? (l.side == trace::Side::buy ? palette::kLimitBuy : palette::kLimitSell)
                : (l.side == trace::Side::buy ? palette::kStopBuy : palette::kStopSell);
    return l.working ? c : mix(c, palette::kBackground, palette::kFinishedDim);
}

// Each candle's volume bar reaches the volume pane's bottom row in its colour, and the equity
// curve's level runs on its row (nearly everywhere: the pane's title may cover a few steps).
void check_volume_and_equity(const Image& img, const ChartScene& s) {
    std::size_t bars = 0;
    for (const CandleShape& c : s.candles) {
        if (c.volume_top >= s.layout.volume.bottom() - 1) continue;
        EXPECT_EQ(img.at(c.x0, s.layout.volume.bottom() - 1),
                  c.up ? palette::kVolumeUp : palette::kVolumeDown);
        ++bars;
    }
    EXPECT_GT(bars, s.candles.size() / 2);
    ASSERT_FALSE(s.equity_curve.empty());
    std::size_t on_row = 0;
    for (const EquityStep& e : s.equity_curve)
        on_row += img.at(e.x1 - 1, e.row) == palette::kEquityLine;
    EXPECT_GT(on_row, s.equity_curve.size() * 9 / 10);
}

TEST(Screenshot, FillMarkersAndPnlLabelOfAnOpenPosition) {
    const std::string trace = recorded("sma_cross").trace;
    std::vector<std::string> args{"--at", "2003-06-01", "--bars", "160"};
    Expected e = expect(trace, args);
    Image img = render("open", trace, args);
    ASSERT_EQ(img.width, 1280);
    ASSERT_EQ(img.height, 800);
    const ChartScene& s = e.scene;
    EXPECT_GE(check_fill_markers(img, s), 5u);
    // The position is open: its label is there, in the colour of its PnL's sign.
    ASSERT_TRUE(s.pnl.has_value());
    Rgb label = s.pnl->profit ? palette::kPnlProfit : palette::kPnlLoss;
    EXPECT_EQ(img.at(s.pnl->rect.x + 1, s.pnl->rect.y + 1), label);
    EXPECT_EQ(img.at(s.pnl->rect.right() - 2, s.pnl->rect.bottom() - 2), label);
    // The entry-price line runs on its row from the entry to the newest candle.
    const PositionSegment& p = s.position.back();
    EXPECT_GT(img.row_share(p.row, p.x0 + kMarkerRadius + 1, p.x1, palette::kPositionLine), 0.8);
    // The newest candle, in its direction's colour.
    const CandleShape& c = s.candles.back();
    EXPECT_TRUE(candle_drawn(img, c));
    check_volume_and_equity(img, s);
}

TEST(Screenshot, NoPnlLabelWhenFlat) {
    const std::string trace = recorded("sma_cross").trace;
    // The day before the first fill: no position yet.
    trace::Reader reader = trace::read_trace_file(trace);
    trace::Timestamp first_fill = reader.trace().fills.front().ts;
    std::vector<std::string> args{"--at", std::to_string(first_fill - kNanosPerDay)};
    Expected e = expect(trace, args);
    ASSERT_FALSE(e.scene.pnl.has_value());
    ASSERT_TRUE(e.scene.fills.empty());
    Image img = render("flat", trace, args);
    EXPECT_FALSE(img.any(e.scene.layout.price, palette::kPnlProfit));
    EXPECT_FALSE(img.any(e.scene.layout.price, palette::kPnlLoss));
    EXPECT_FALSE(img.any(e.scene.layout.price, palette::kPositionLine));
    // One event later the position is open and the label appears.
    std::vector<std::string> later{"--at", std::to_string(first_fill)};
    Expected open = expect(trace, later);
    ASSERT_TRUE(open.scene.pnl.has_value());
    Image after = render("flat-then-open", trace, later);
    EXPECT_TRUE(after.any(open.scene.pnl->rect,
                          open.scene.pnl->profit ? palette::kPnlProfit : palette::kPnlLoss));
    EXPECT_EQ(check_fill_markers(after, open.scene), 1u);
}

TEST(Screenshot, LimitAndStopLinesOnTheRowsOfTheirPrices) {
    const std::string trace = recorded("oco_straddle").trace;
    trace::Reader reader = trace::read_trace_file(trace);
    const trace::Trace& t = reader.trace();
    // Two bars after an OCO pair that waits a while was placed.
    const trace::Order* limit = nullptr;
    for (const trace::Order& o : t.orders) {
        if (o.type == trace::OrderType::limit && o.oco != 0 &&
            o.finished_seq >= o.submitted_seq + 3 && o.submitted_seq > 100) {
            limit = &o;
            break;
        }
    }
    ASSERT_NE(limit, nullptr);
    const trace::BarRow& bar = t.symbols[0].bars[limit->submitted_seq + 1];
    std::vector<std::string> args{"--at", std::to_string(bar.ts), "--bars", "100"};
    Expected e = expect(trace, args);
    Image img = render("lines", trace, args);
    std::size_t limits = 0, stops = 0;
    for (const OrderLine& l : e.scene.orders) {
        if (!l.working) continue;
        SCOPED_TRACE(l.label);
        double share = img.row_share(l.row, l.x0, l.x1, line_colour(l));
        if (l.kind == LineKind::limit) {
            EXPECT_GT(share, 0.7);  // solid
            ++limits;
        } else {
            EXPECT_GT(share, 0.3);  // dashed: 6 pixels on, 4 off
            EXPECT_LT(share, 0.8);
            ++stops;
        }
        // The label box above the line, in the line's colour.
        ASSERT_TRUE(l.label_rect.has_value());
        EXPECT_EQ(img.at(l.label_rect->x + 1, l.label_rect->y + 1), line_colour(l));
    }
    EXPECT_EQ(limits, 1u);
    EXPECT_EQ(stops, 1u);
    // Finished orders' lines are drawn dimmed on their rows too.
    std::size_t finished = 0;
    for (const OrderLine& l : e.scene.orders) {
        if (l.working || l.x1 - l.x0 < 12 || l.kind != LineKind::limit) continue;
        EXPECT_GT(img.row_share(l.row, l.x0, l.x1, line_colour(l)), 0.5) << l.label;
        ++finished;
    }
    EXPECT_GT(finished, 0u);
}

TEST(Screenshot, AmbiguousBarsAreMarked) {
    const std::string trace = recorded("bracket_rsi").trace;
    trace::Reader reader = trace::read_trace_file(trace);
    const trace::AmbiguousBarRecord& a = reader.trace().ambiguous_bars.front();
    std::vector<std::string> args{"--at", std::to_string(a.ts), "--bars", "80"};
    Expected e = expect(trace, args);
    ASSERT_FALSE(e.scene.ambiguous.empty());
    Image img = render("ambiguous", trace, args);
    for (const AmbiguousMark& m : e.scene.ambiguous)
        EXPECT_EQ(img.at(m.x, m.y), palette::kAmbiguous);
    check_fill_markers(img, e.scene);
}

// The end of every example run: every fill marker and working order line where it belongs.
TEST(Screenshot, EveryExampleAtItsEnd) {
    for (const ExampleRun& run : example_runs()) {
        SCOPED_TRACE(run.name);
        const std::string trace = recorded(run.name).trace;
        Expected e = expect(trace, {"--bars", "250"});
        Image img = render("end-" + run.name, trace, {"--bars", "250"});
        check_fill_markers(img, e.scene);
        for (const OrderLine& l : e.scene.orders) {
            if (l.working && l.kind == LineKind::limit) {
                EXPECT_GT(img.row_share(l.row, l.x0, l.x1, line_colour(l)), 0.6) << l.label;
            }
        }
        if (e.scene.pnl) {
            Rgb label = e.scene.pnl->profit ? palette::kPnlProfit : palette::kPnlLoss;
            EXPECT_TRUE(img.any(e.scene.pnl->rect, label));
        }
    }
}

TEST(Screenshot, TruncatedTraceShowsEverythingBeforeItWithABanner) {
    std::string text = slurp(recorded("oco_straddle").trace);
    std::string path = (temp_dir() / "truncated.jsonl").string();
    spit(path, text.substr(0, text.size() / 2 + 17));
    Expected e = expect(path, {});
    Image img = render("truncated", path, {}, kExitFile);
    ScreenLayout screen = screen_layout(1280, 800);
    Rect banner = problem_banner_rect(screen.chart);
    EXPECT_EQ(img.at(banner.x + 2, banner.y + 2), palette::kErrorBanner);
    ASSERT_FALSE(e.scene.candles.empty());
    const CandleShape& c = e.scene.candles.back();
    EXPECT_TRUE(candle_drawn(img, c));
    check_fill_markers(img, e.scene);
}

TEST(Screenshot, MissingOrCorruptTraceGivesAPictureOfTheMessage) {
    std::string err;
    std::string missing = (temp_dir() / "missing.jsonl").string();
    EXPECT_EQ(dslview({missing, "--screenshot", png_path("missing")}, &err), kExitFile);
    EXPECT_NE(err.find("cannot open"), std::string::npos) << err;
    Image img = load_png(png_path("missing"));
    Rect banner = problem_banner_rect(screen_layout(1280, 800).chart);
    EXPECT_EQ(img.at(banner.x + 2, banner.y + 2), palette::kErrorBanner);

    std::string corrupt = (temp_dir() / "corrupt.jsonl").string();
    spit(corrupt, "{\"t\":\"header\",\"format\":\"dsl-trace\"\n\x01\x02 not json\n");
    EXPECT_EQ(dslview({corrupt, "--screenshot", png_path("corrupt")}, &err), kExitFile);
    EXPECT_NE(err.find("corrupt.jsonl:1:"), std::string::npos) << err;
    EXPECT_EQ(load_png(png_path("corrupt")).at(banner.x + 2, banner.y + 2), palette::kErrorBanner);
}

// dslview follows a trace that a writer is still appending to and, once the run's end record
// arrives, shows the whole run.
TEST(Screenshot, FollowsATraceBeingWritten) {
    std::string text = slurp(recorded("oco_straddle").trace);
    std::string path = (temp_dir() / "live.jsonl").string();
    std::size_t first = text.find('\n', text.size() / 4) + 1;
    spit(path, text.substr(0, first));
    std::string out = png_path("follow");
    auto viewer = std::async(std::launch::async, [&] {
        std::string err;
        int code = dslview(
            {path, "--follow", "--screenshot", out, "--timeout", "60", "--bars", "250"}, &err);
        return std::make_pair(code, err);
    });
    // Append the rest in pieces that split lines, while dslview polls.
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    {
        std::ofstream f(path, std::ios::binary | std::ios::app);
        std::size_t at = first, piece = (text.size() - first) / 8 + 1;
        while (at < text.size()) {
            std::size_t n = std::min(piece, text.size() - at);
            f.write(text.data() + at, static_cast<std::streamsize>(n));
            f.flush();
            at += n;
            std::this_thread::sleep_for(std::chrono::milliseconds(60));
        }
    }
    auto [code, err] = viewer.get();
    EXPECT_EQ(code, 0) << err;
    Expected e = expect(path, {"--bars", "250"});
    ASSERT_TRUE(e.model->document().complete());
    Image img = load_png(out);
    const CandleShape& c = e.scene.candles.back();
    EXPECT_TRUE(candle_drawn(img, c));
    EXPECT_GT(check_fill_markers(img, e.scene), 3u);
}

// dslview opens a trace that `dslvm --live` is still writing, without --follow (a live trace
// without its end record is followed by itself), reads the ticks as they arrive, and once the
// feed ends shows the whole run: every tick's candle, every fill, the open position's label.
TEST(Screenshot, FollowsALiveRunOfDslvm) {
    constexpr int kTicks = 55;  // live_trader.strat: the run ends with a position open
    std::string path = (temp_dir() / "live-run.jsonl").string();
    std::string strategy = (kSourceDir / "tests" / "viewer" / "live_trader.strat").string();
    std::string run = shell_quote(DSLVM_PATH) + " " + shell_quote(strategy) +
                      " --live --symbols ABC --quiet --no-progress --trace " + shell_quote(path) +
                      " >/dev/null";
    // "e": close-on-exec, or dslview (started below) would inherit the pipe's write end and
    // dslvm would never see the feed end.
    FILE* feed = ::popen(run.c_str(), "we");
    ASSERT_NE(feed, nullptr);
    auto tick = [&](int i) {
        double price = 100 + 3 * std::sin(i / 4.0) + 0.05 * i;
        std::fprintf(feed, "2024-03-01T14:%02d:%02dZ,ABC,%.2f,%d\n", 30 + i / 60, i % 60, price,
                     1 + i % 7);
        std::fflush(feed);
    };
    std::fprintf(feed, "timestamp,symbol,price,size\n");
    for (int i = 0; i < 5; ++i)
        tick(i);
    // dslvm has written the header and the first events.
    for (int wait = 0; wait < 500 && slurp(path).find("\"t\":\"tick\"") == std::string::npos;
         ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::string out = png_path("live-run");
    auto viewer = std::async(std::launch::async, [&] {
        std::string err;
        // --bars: the zoom, which the viewer otherwise chooses for the ticks it has at first
        // and keeps as more arrive, is the one the test computes for the whole run.
        int code = dslview({path, "--screenshot", out, "--timeout", "60", "--bars", "60"}, &err);
        return std::make_pair(code, err);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (int i = 5; i < kTicks; ++i) {
        tick(i);
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    EXPECT_EQ(::pclose(feed), 0);  // end of the feed: dslvm writes the end record and exits
    auto [code, err] = viewer.get();
    EXPECT_EQ(code, 0) << err;
    EXPECT_EQ(err.find("did not end"), std::string::npos) << err;
    Expected e = expect(path, {"--bars", "60"});
    ASSERT_TRUE(e.model->document().complete());
    EXPECT_EQ(e.model->trace().header->mode, "live");
    ASSERT_EQ(e.model->series().size(), static_cast<std::size_t>(kTicks));
    const ChartScene& s = e.scene;
    Image img = load_png(out);
    ASSERT_EQ(s.candles.size(), static_cast<std::size_t>(kTicks));
    // Every tick's candle (but a few of a pixel or two, which the position line or a marker
    // may cover), the newest for sure.
    std::size_t drawn = 0;
    for (const CandleShape& c : s.candles)
        drawn += candle_drawn(img, c);
    EXPECT_GE(drawn, s.candles.size() - 3);
    EXPECT_TRUE(candle_drawn(img, s.candles.back()));
    EXPECT_EQ(check_fill_markers(img, s), e.model->trace().fills.size());
    ASSERT_TRUE(s.pnl.has_value());
    EXPECT_TRUE(img.any(s.pnl->rect, s.pnl->profit ? palette::kPnlProfit : palette::kPnlLoss));
}

// The README's picture: sma_cross on ORCL with the replay cursor on a day its sell order is
// working - the options of scripts/demo.sh (ViewerDocs.ReadmePictureIsTheDemos keeps the three
// equal).
TEST(Screenshot, TheReadmePicture) {
    const std::string trace = recorded("sma_cross").trace;
    const std::vector<std::string> args{"--at", "2012-10-01", "--bars", "200"};
    Expected e = expect(trace, args);
    Image img = render("readme", trace, args);
    const ChartScene& s = e.scene;
    EXPECT_GE(check_fill_markers(img, s), 6u);
    ASSERT_TRUE(s.pnl.has_value());
    EXPECT_TRUE(s.pnl->profit);
    EXPECT_TRUE(img.any(s.pnl->rect, palette::kPnlProfit));
    StateAt st = e.model->state();
    ASSERT_EQ(st.working.size(), 1u);  // the sell at the market, filled the next day
    EXPECT_EQ(st.working[0].order->side, trace::Side::sell);
}

TEST(Screenshot, SizeAndBytecodeInspector) {
    const Recorded& r = recorded("sma_cross");
    Image img = render("inspector", r.trace,
                       {"--size", "1000x700", "--bytecode", r.bytecode, "--panel", "bytecode"});
    EXPECT_EQ(img.width, 1000);
    EXPECT_EQ(img.height, 700);
    // Bytecode that is not bytecode: exit code 4, the picture is still taken.
    std::string bad = (temp_dir() / "bad.dslbc").string();
    spit(bad, std::string("DSLBC\0 not really", 17));
    render("bad-bytecode", r.trace, {"--bytecode", bad}, kExitBytecode);
}

TEST(Commandline, HelpUsageAndNoDisplay) {
    std::string err;
    EXPECT_EQ(dslview({"--help"}, &err), kExitOk);
    EXPECT_EQ(dslview({"x.jsonl", "--size", "5x5"}, &err), kExitUsage);
    EXPECT_NE(err.find("--size"), std::string::npos) << err;
    EXPECT_EQ(dslview({recorded("sma_cross").trace, "--screenshot", png_path("nodisplay")}, &err,
                      "env -u DISPLAY -u WAYLAND_DISPLAY"),
              kExitNoWindow);
    EXPECT_NE(err.find("xvfb-run"), std::string::npos) << err;
}

}  // namespace
}  // namespace dsl::viewer::test
