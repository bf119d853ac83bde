// The viewer's colours, one definition for the renderer and the screenshot tests (which look
// for these exact values in the PNG). Every colour is opaque and the ones the tests look for
// are used by nothing else on the chart, so that finding one proves the element is drawn.
#pragma once

#include <cstdint>

namespace dsl::viewer {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    constexpr bool operator==(const Rgb&) const = default;
};

// `a` moved toward `b` by t in [0, 1], rounded: the dimmed variants below.
constexpr Rgb mix(Rgb a, Rgb b, double t) {
    auto m = [t](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(x + (y - x) * t + 0.5);  // both >= 0: rounds
    };
    return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b)};
}

namespace palette {

inline constexpr Rgb kBackground{19, 23, 34};
inline constexpr Rgb kGrid{36, 40, 52};
inline constexpr Rgb kAxisText{170, 174, 186};
inline constexpr Rgb kSeparator{54, 58, 70};

inline constexpr Rgb kCandleUp{38, 166, 154};
inline constexpr Rgb kCandleDown{239, 83, 80};
inline constexpr Rgb kVolumeUp = mix(kCandleUp, kBackground, 0.55);
inline constexpr Rgb kVolumeDown = mix(kCandleDown, kBackground, 0.55);

// Working orders' lines: limits solid, stops dashed; buys cool, sells warm.
inline constexpr Rgb kLimitBuy{66, 133, 244};
inline constexpr Rgb kLimitSell{255, 152, 0};
inline constexpr Rgb kStopBuy{0, 188, 212};
inline constexpr Rgb kStopSell{224, 64, 251};
// Lines of orders no longer working at the cursor (filled, canceled, ...): dimmed.
inline constexpr double kFinishedDim = 0.55;

inline constexpr Rgb kFillBuy{0, 230, 118};
inline constexpr Rgb kFillSell{255, 23, 68};
inline constexpr Rgb kExitOutline{255, 255, 255};

inline constexpr Rgb kPositionLine{255, 235, 59};
inline constexpr Rgb kPnlProfit{0, 121, 107};
inline constexpr Rgb kPnlLoss{183, 28, 28};
inline constexpr Rgb kLabelText{255, 255, 255};

inline constexpr Rgb kAmbiguous{255, 196, 0};
inline constexpr Rgb kEquityLine{100, 181, 246};
inline constexpr Rgb kEquityArea = mix(kEquityLine, kBackground, 0.8);
inline constexpr Rgb kCrosshair{120, 123, 134};
inline constexpr Rgb kErrorBanner{120, 24, 24};  // the trace could not be read completely
inline constexpr Rgb kNoticeBanner{38, 56, 92};  // waiting for it, or it has no end record

}  // namespace palette

}  // namespace dsl::viewer
