// The viewer's state, without any window: the open trace, the chart series of each symbol, the
// selected symbol, the replay position and the chart viewport. dslview draws it; tests drive it
// exactly as the program does (same options, same defaults), so a scene a test builds is the
// scene the program drew.
//
// update() is called once per frame: it polls a followed trace, brings the series and the
// replay up to date with what was read, and moves playback on.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include "viewer/document.h"
#include "viewer/inspector.h"
#include "viewer/layout.h"
#include "viewer/options.h"
#include "viewer/order_index.h"
#include "viewer/replay.h"
#include "viewer/scene.h"
#include "viewer/series.h"
#include "viewer/state.h"

namespace dsl::viewer {

class ViewModel {
  public:
    explicit ViewModel(const ViewerOptions& options);

    // Polls (when following), syncs, and plays for `seconds` of wall time. Returns whether
    // anything on screen may have changed.
    bool update(double seconds);

    TraceDocument& document() { return document_; }
    const TraceDocument& document() const { return document_; }
    const trace::Trace& trace() const { return document_.trace(); }
    const std::optional<BytecodeView>& bytecode() const { return bytecode_; }

    trace::SymbolId symbol() const { return symbol_; }
    void select_symbol(trace::SymbolId symbol);
    // The selected symbol's series (empty when the trace has no symbols).
    const SymbolSeries& series() const;

    Replay& replay() { return replay_; }
    const Replay& replay() const { return replay_; }
    std::uint64_t seq() const { return seq_at(trace(), replay_.position()); }
    trace::Timestamp time() const { return time_at(trace(), replay_.position()); }
    // Moves the replay to the next (+1) or previous (-1) fill of the selected symbol.
    bool seek_fill(int direction);

    // The viewport for a plot `width` pixels wide: set up on first use (the default zoom, or
    // --bars), re-pinned as the replay moves while pinned.
    Viewport& viewport(int width);
    void reset_viewport(int width);

    ChartScene scene(const ChartLayout& layout, const SceneOptions& options = {});
    StateAt state() const { return state_at(trace(), seq(), &orders_); }
    const OrderIndex& orders() const { return orders_; }

  private:
    void sync(bool complete);

    ViewerOptions options_;
    TraceDocument document_;
    std::optional<BytecodeView> bytecode_;
    std::map<trace::SymbolId, std::unique_ptr<SymbolSeries>> series_;
    OrderIndex orders_;
    trace::SymbolId symbol_ = 0;
    bool symbol_chosen_ = false;
    Replay replay_;
    Viewport viewport_;
    int viewport_width_ = 0;  // 0: not set up yet
};

}  // namespace dsl::viewer
