// Parsing and applying format specs (grammar in format_spec.h).
#include "bytecode/format_spec.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace dsl {
namespace {

bool is_align(char c) {
    return c == '<' || c == '>' || c == '^';
}

bool parse_number(std::string_view s, size_t& pos, int& out) {
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
        ++pos;
    if (pos == start) return false;
    if (pos - start > 2) return false;
    out = 0;
    for (size_t i = start; i < pos; ++i)
        out = out * 10 + (s[i] - '0');
    return true;
}

std::string pad(std::string body, const FormatSpec& spec, bool numeric) {
    if (spec.width <= 0 || body.size() >= size_t(spec.width)) return body;
    size_t fill = size_t(spec.width) - body.size();
    char align = spec.align ? spec.align : (numeric ? '>' : '<');
    if (align == '<') return body + std::string(fill, spec.fill);
    if (align == '>') return std::string(fill, spec.fill) + body;
    size_t left = fill / 2;
    return std::string(left, spec.fill) + body + std::string(fill - left, spec.fill);
}

// The sign, then zeros up to the width when the spec asks for zero padding, then the digits.
std::string with_sign(std::string digits, bool negative, const FormatSpec& spec) {
    std::string sign = negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    if (spec.zero && size_t(spec.width) > sign.size() + digits.size())
        digits.insert(0, size_t(spec.width) - sign.size() - digits.size(), '0');
    return sign + digits;
}

}  // namespace

std::optional<FormatSpec> parse_format_spec(std::string_view s, std::string* error) {
    FormatSpec spec;
    spec.text = std::string(s);
    size_t pos = 0;
    auto fail = [&](std::string why) -> std::optional<FormatSpec> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    if (s.size() >= 2 && is_align(s[1]) && s[0] != '{' && s[0] != '}') {
        spec.fill = s[0];
        spec.align = s[1];
        pos = 2;
    } else if (!s.empty() && is_align(s[0])) {
        spec.align = s[0];
        pos = 1;
    }
    if (pos < s.size() && (s[pos] == '+' || s[pos] == ' ')) spec.sign = s[pos++];
    if (pos + 1 < s.size() && s[pos] == '0' && s[pos + 1] >= '0' && s[pos + 1] <= '9' &&
        !spec.align) {
        spec.zero = true;
        ++pos;
    }
    if (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (!parse_number(s, pos, spec.width)) return fail("width must be at most 99");
    }
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        if (!parse_number(s, pos, spec.precision))
            return fail("expected a precision of 0 to 99 after '.'");
    }
    if (pos < s.size()) {
        char t = s[pos++];
        if (t != 'd' && t != 'f' && t != 'e' && t != 'g' && t != '%' && t != 'x' && t != 's')
            return fail(std::string("unknown format type '") + t + "' (use d, x, f, e, g, % or s)");
        spec.type = t;
    }
    if (pos != s.size())
        return fail("unexpected '" + std::string(s.substr(pos)) + "' in format spec");
    return spec;
}

bool spec_accepts(const FormatSpec& spec, Type t, std::string* why) {
    auto fail = [&](std::string reason) {
        if (why) *why = std::move(reason);
        return false;
    };
    bool is_int = t.kind == TypeKind::Int, is_float = t.kind == TypeKind::Float;
    switch (spec.type) {
        case 'd':
        case 'x':
            if (!is_int)
                return fail(std::string("'") + spec.type + "' formats an int, not " + type_name(t));
            break;
        case 'f':
        case 'e':
        case 'g':
        case '%':
            if (!is_int && !is_float)
                return fail(std::string("'") + spec.type + "' formats a number, not " +
                            type_name(t));
            break;
        default:
            break;
    }
    if (spec.precision >= 0 && !is_float &&
        !(is_int && spec.type && spec.type != 'd' && spec.type != 'x'))
        return fail("a precision applies to floats, not " + type_name(t));
    if (spec.sign && !is_int && !is_float)
        return fail("a sign applies to numbers, not " + type_name(t));
    if (spec.zero && !is_int && !is_float)
        return fail("zero padding applies to numbers, not " + type_name(t));
    return true;
}

std::string format_int(int64_t v, const FormatSpec& spec) {
    if (spec.type == 'f' || spec.type == 'e' || spec.type == 'g' || spec.type == '%')
        return format_float(double(v), spec);
    bool negative = v < 0;
    uint64_t mag = negative ? uint64_t(0) - uint64_t(v) : uint64_t(v);
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, mag, spec.type == 'x' ? 16 : 10);
    return pad(with_sign(std::string(buf, res.ptr), negative, spec), spec, true);
}

std::string format_float(double v, const FormatSpec& spec) {
    if (std::isnan(v)) return pad("na", spec, true);
    bool negative = std::signbit(v) && v != 0;
    double mag = std::fabs(v);
    std::string digits;
    if (std::isinf(mag)) {
        digits = "inf";
    } else if (spec.type == 0 || spec.type == 's') {
        if (spec.precision >= 0) {
            char buf[512];
            std::snprintf(buf, sizeof buf, "%.*f", spec.precision, mag);
            digits = buf;
        } else {
            char buf[64];
            auto res = std::to_chars(buf, buf + sizeof buf, mag);
            digits.assign(buf, res.ptr);
        }
    } else {
        int precision = spec.precision >= 0 ? spec.precision : 6;
        char conv = spec.type == '%' ? 'f' : spec.type;
        char format[8] = {'%', '.', '*', conv, 0};
        char buf[512];
        std::snprintf(buf, sizeof buf, format, precision, spec.type == '%' ? mag * 100 : mag);
        digits = buf;
        if (spec.type == '%') digits += '%';
    }
    return pad(with_sign(std::move(digits), negative, spec), spec, true);
}

std::string format_text(std::string_view text, const FormatSpec& spec) {
    return pad(std::string(text), spec, false);
}

}  // namespace dsl
