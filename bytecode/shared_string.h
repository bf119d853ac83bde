// An immutable string whose copies share one buffer. A compile-time constant is copied into
// every use of it (each reference to `const S`, each constant defined from another); with a
// copy of the text per use, a long string referred to a few thousand times would take
// gigabytes. Copies of a SharedString cost a reference count, whatever the length.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace dsl {

class SharedString {
  public:
    SharedString() = default;
    SharedString(std::string text)  // implicit: a string value
        : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
    SharedString(const char* text) : SharedString(std::string(text)) {}  // implicit: a literal

    const std::string& str() const { return text_ ? *text_ : empty(); }
    operator const std::string&() const { return str(); }
    std::string_view view() const { return str(); }
    size_t size() const { return str().size(); }

    friend bool operator==(const SharedString& a, const SharedString& b) {
        return a.text_ == b.text_ || a.str() == b.str();
    }

  private:
    static const std::string& empty() {
        static const std::string none;
        return none;
    }
    std::shared_ptr<const std::string> text_;
};

}  // namespace dsl
