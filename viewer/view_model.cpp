// The series of a symbol is built the first time it is shown and then kept in step.
#include "viewer/view_model.h"

#include <algorithm>

namespace dsl::viewer {

ViewModel::ViewModel(const ViewerOptions& options)
    : options_(options), document_(options.trace_path, options.follow) {
    if (!options.bytecode_path.empty())
        bytecode_ = load_bytecode(options.bytecode_path, options.source_path);
    sync(!document_.following());
    if (options.at) replay_.seek(position_at_time(trace(), *options.at));
}

void ViewModel::sync(bool complete) {
    const trace::Trace& t = trace();
    if (!symbol_chosen_ && !t.symbols.empty()) {
        // --symbol, else the first symbol with data.
        symbol_ = 0;
        bool found = false;
        for (trace::SymbolId s = 0; s < t.symbols.size() && !found; ++s) {
            if (!options_.symbol.empty()
                    ? t.symbols[s].name == options_.symbol
                    : !(t.symbols[s].bars.empty() && t.symbols[s].ticks.empty())) {
                symbol_ = s;
                found = true;
            }
        }
        // Keep looking while following: the data may not have come yet.
        symbol_chosen_ = found || complete;
    }
    for (auto& [id, series] : series_)
        series->sync(t, complete);
    orders_.sync(t);
    replay_.sync(t.market_events.size());
}

bool ViewModel::update(double seconds) {
    bool changed = document_.poll();
    if (changed) sync(!document_.following());
    return replay_.advance(seconds) || changed;
}

void ViewModel::select_symbol(trace::SymbolId symbol) {
    if (symbol >= trace().symbols.size() || symbol == symbol_) return;
    symbol_ = symbol;
    symbol_chosen_ = true;
    viewport_width_ = 0;  // a new default zoom for the new series
}

const SymbolSeries& ViewModel::series() const {
    auto it = series_.find(symbol_);
    if (it == series_.end()) {
        // Built on first use; mutable cache behind a const accessor.
        auto& self = const_cast<ViewModel&>(*this);
        auto s = std::make_unique<SymbolSeries>(symbol_);
        s->sync(trace(), !document_.following());
        it = self.series_.emplace(symbol_, std::move(s)).first;
    }
    return *it->second;
}

bool ViewModel::seek_fill(int direction) {
    const trace::Trace& t = trace();
    if (symbol_ >= t.symbols.size()) return false;
    const auto& fills = t.symbols[symbol_].fills;
    std::uint64_t now = seq();
    if (direction > 0) {
        for (std::uint32_t f : fills) {
            if (t.fills[f].seq > now) {
                replay_.seek(position_at_seq(t, t.fills[f].seq));
                return true;
            }
        }
    } else {
        for (auto it = fills.rbegin(); it != fills.rend(); ++it) {
            if (t.fills[*it].seq < now) {
                replay_.seek(position_at_seq(t, t.fills[*it].seq));
                return true;
            }
        }
    }
    return false;
}

void ViewModel::reset_viewport(int width) {
    viewport_ = default_viewport(series().count_through(seq()), width, options_.bars);
    viewport_width_ = width;
}

Viewport& ViewModel::viewport(int width) {
    if (viewport_width_ == 0) {
        reset_viewport(width);
    } else if (viewport_.pinned) {
        pin(viewport_, series().count_through(seq()), width);
    }
    viewport_width_ = width;
    return viewport_;
}

ChartScene ViewModel::scene(const ChartLayout& layout, const SceneOptions& options) {
    SceneInput in{trace(), series(), seq(), viewport(layout.price.w), layout, options, &orders_};
    return build_scene(in);
}

}  // namespace dsl::viewer
