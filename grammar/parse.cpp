// The parser front end. Three passes over the input:
//   1. tokens: prefix operators get their own token types (see Strategy.g4); invalid
//      characters, unterminated strings and comments, C operators and nesting limits are
//      reported from the token stream (so the parser never sees them as cascading errors,
//      and never recurses deeper than kMaxNesting);
//   2. ANTLR parse, with ANTLR's messages replaced by ours (SLL first, full LL on failure);
//   3. the builder turns each clean declaration's parse tree into AST nodes. A declaration
//      containing a syntax error is skipped (a function keeps its signature).
// This is the only file that sees ANTLR types.
#include "grammar/parse.h"

#include <antlr4-runtime.h>

#include <cmath>
#include <cstdlib>
#include <set>

#include "StrategyLexer.h"
#include "StrategyParser.h"

namespace dsl {
namespace {

using antlr4::ParserRuleContext;
using antlr4::Token;
using P = StrategyParser;

// ---- Positions --------------------------------------------------------------------------

uint32_t code_points(std::string_view s) {
    uint32_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

SourcePos start_of(const Token* t) {
    return {uint32_t(t->getLine()), uint32_t(t->getCharPositionInLine()) + 1};
}

Span span_of(const Token* t) {
    SourcePos b = start_of(t);
    uint32_t len =
        t->getType() == Token::EOF ? 1 : std::max<uint32_t>(1, code_points(t->getText()));
    return {b, {b.line, b.col + len}};
}

Span span_of(ParserRuleContext* ctx) {
    Span first = span_of(ctx->getStart());
    const Token* stop = ctx->getStop();
    if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return first;
    return Span::cover(first, span_of(stop));
}

Span span_of(antlr4::tree::TerminalNode* node) {
    return span_of(node->getSymbol());
}

// ---- UTF-8 ----------------------------------------------------------------------------------

// Replaces each byte that is not valid UTF-8, and NUL, by a space, reporting it as an invalid
// character at its position (the message shows it as \xNN): ANTLR's decoder would throw.
std::string sanitize_utf8(std::string_view s, Diagnostics& diags) {
    std::string out;
    out.reserve(s.size());
    SourcePos pos{1, 1};
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8_length(s, i);
        if (n == 0 || s[i] == '\0') {
            diags.report(DiagKind::invalid_character, Span::point(pos), s.substr(i, 1));
            out += ' ';
            ++pos.col;
            ++i;
            continue;
        }
        out.append(s.substr(i, n));
        if (s[i] == '\n')
            pos = {pos.line + 1, 1};
        else
            ++pos.col;
        i += n;
    }
    return out;
}

// ---- Token names for messages -------------------------------------------------------------

std::string token_description(const Token* t) {
    switch (t->getType()) {
        // The end of one declaration's tokens carries the text of what follows it.
        case Token::EOF:
            return t->getText() == "<EOF>" ? "end of file" : "'" + t->getText() + "'";
        case P::STRING:
            return "a string";
        case P::INT:
        case P::FLOAT:
            return "number " + t->getText();
        case P::IDENT:
            return "'" + t->getText() + "'";
        default:
            return "'" + t->getText() + "'";
    }
}

std::string expected_description(const antlr4::misc::IntervalSet& set,
                                 const antlr4::dfa::Vocabulary& vocab) {
    std::vector<size_t> types;
    for (ssize_t t : set.toList())
        types.push_back(size_t(t));
    auto has = [&](size_t type) {
        return std::find(types.begin(), types.end(), type) != types.end();
    };
    auto literal = [&](size_t type) { return vocab.getLiteralName(type); };
    auto is_literal = [&](size_t type, std::string_view text) {
        return literal(type) == "'" + std::string(text) + "'";
    };
    auto is_operator = [&](size_t type) {
        for (const char* op :
             {"+", "-", "*", "/", "%",  "<",  "<=", ">",  ">=", "==", "!=", "and", "or",
              "?", "[", ".", "=", "+=", "-=", "*=", "/=", "%=", "..", ",",  ":",   ";"}) {
            if (is_literal(type, op)) return true;
        }
        return false;
    };
    bool expression = has(P::INT) && has(P::STRING) && has(P::IDENT);
    bool statement = expression && std::any_of(types.begin(), types.end(),
                                               [&](size_t t) { return is_literal(t, "while"); });
    std::vector<std::string> names;
    if (statement)
        names.push_back("a statement");
    else if (expression)
        names.push_back("an expression");
    bool non_operator_left = false;
    for (size_t t : types) {
        if (!is_operator(t) &&
            !(expression && (t == P::INT || t == P::FLOAT || t == P::STRING || t == P::IDENT)))
            non_operator_left = true;
    }
    for (size_t t : types) {
        if (expression && (t == P::INT || t == P::FLOAT || t == P::STRING || t == P::IDENT ||
                           t == P::NOT || t == P::PREFIX_MINUS || t == P::PREFIX_PLUS ||
                           t == P::ARRAY_OPEN || is_literal(t, "(") || is_literal(t, "new") ||
                           is_literal(t, "true") || is_literal(t, "false") || is_literal(t, "na")))
            continue;
        if (statement && (is_literal(t, "let") || is_literal(t, "var") || is_literal(t, "if") ||
                          is_literal(t, "while") || is_literal(t, "for") ||
                          is_literal(t, "break") || is_literal(t, "continue") ||
                          is_literal(t, "return") || is_literal(t, "{") || is_literal(t, ";")))
            continue;
        if (non_operator_left && is_operator(t) && !names.empty()) continue;
        if (non_operator_left && is_operator(t) && types.size() > 3) continue;
        if (t == size_t(Token::EOF))
            names.push_back("end of file");
        else if (t == P::IDENT)
            names.push_back("a name");
        else if (t == P::INT || t == P::FLOAT)
            names.push_back("a number");
        else if (t == P::STRING)
            names.push_back("a string");
        else if (t == P::PREFIX_MINUS || t == P::PREFIX_PLUS || t == P::ARRAY_OPEN)
            names.push_back(t == P::PREFIX_MINUS ? "'-'" : t == P::PREFIX_PLUS ? "'+'" : "'['");
        else
            names.push_back(literal(t));
    }
    if (names.empty()) return "something else";
    // Keep the message short: a long list helps nobody.
    if (names.size() > 5) names.resize(5);
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

// ---- Error listener ------------------------------------------------------------------------

class SyntaxErrorListener : public antlr4::BaseErrorListener {
  public:
    explicit SyntaxErrorListener(Diagnostics& diags) : diags_(diags) {}

    void syntaxError(antlr4::Recognizer* recognizer, Token* offending, size_t line, size_t col,
                     const std::string& msg, std::exception_ptr) override {
        seen_ = true;
        if (reported_in_run_) return;
        // One syntax error per line: ANTLR's recovery often trips again right away. A
        // lexical error (an unterminated string swallowing a ')') explains errors on its
        // line and the next.
        if (line == last_line_) return;
        last_line_ = line;
        if (quiet_lines_.count(uint32_t(line))) return;
        reported_in_run_ = true;
        Span span =
            offending ? span_of(offending) : Span::point({uint32_t(line), uint32_t(col) + 1});
        auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
        if (!parser || !offending) {
            diags_.report(DiagKind::unexpected_token, span, "input");
            return;
        }
        std::string found = token_description(offending);
        if (msg.rfind("missing ", 0) == 0) {
            std::string expected =
                expected_description(parser->getExpectedTokens(), parser->getVocabulary());
            diags_.report(DiagKind::missing_token, span, expected, found);
        } else if (msg.rfind("mismatched input", 0) == 0 || msg.rfind("no viable", 0) == 0) {
            std::string expected =
                expected_description(parser->getExpectedTokens(), parser->getVocabulary());
            if (expected == "something else")
                diags_.report(DiagKind::unexpected_token, span, found);
            else
                diags_.report(DiagKind::expected_token, span, expected, found);
        } else {
            diags_.report(DiagKind::unexpected_token, span, found);
        }
    }

    void quiet_line(uint32_t line) { quiet_lines_.insert(line); }
    // One syntax error per declaration: what follows the first is usually its echo.
    void begin_run() { reported_in_run_ = false; }
    bool seen() const { return seen_; }

  private:
    Diagnostics& diags_;
    size_t last_line_ = 0;
    std::set<uint32_t> quiet_lines_;
    bool seen_ = false;
    bool reported_in_run_ = false;
};

// Lexer errors cannot normally happen (INVALID matches any character); this keeps ANTLR's
// console listener from ever printing.
class LexerErrorListener : public antlr4::BaseErrorListener {
  public:
    explicit LexerErrorListener(Diagnostics& diags) : diags_(diags) {}
    void syntaxError(antlr4::Recognizer*, Token*, size_t line, size_t col, const std::string&,
                     std::exception_ptr) override {
        diags_.report(DiagKind::invalid_character, Span::point({uint32_t(line), uint32_t(col) + 1}),
                      "?");
    }

  private:
    Diagnostics& diags_;
};

// ---- Pass 1: tokens --------------------------------------------------------------------------

bool is_keyword(const Token* t, std::string_view word) {
    return t->getText() == word && t->getType() != P::IDENT && t->getType() != P::STRING;
}

// Whether `t` can be the last token of an expression: then a '-', '+' or '[' after it
// continues that expression.
bool ends_expression(const Token* t) {
    switch (t->getType()) {
        case P::INT:
        case P::FLOAT:
        case P::STRING:
        case P::IDENT:
            return true;
        default: {
            const std::string text = t->getText();
            return text == ")" || text == "]" || text == "true" || text == "false" || text == "na";
        }
    }
}

// Gives '-', '+' and '[' that start an expression their prefix token types.
void mark_prefix_operators(const std::vector<Token*>& all) {
    const Token* prev = nullptr;  // previous token on the default channel
    for (Token* t : all) {
        if (t->getChannel() != Token::DEFAULT_CHANNEL) continue;
        if (!prev || !ends_expression(prev)) {
            const std::string text = t->getText();
            size_t type = t->getType();
            if (text == "-") type = P::PREFIX_MINUS;
            if (text == "+") type = P::PREFIX_PLUS;
            if (text == "[") type = P::ARRAY_OPEN;
            if (type != t->getType()) static_cast<antlr4::WritableToken*>(t)->setType(type);
        }
        prev = t;
    }
}

// A token off the default channel: an invalid character, or a block comment that runs to the end
// of the input.
void report_hidden_token(const Token* t, const std::string& text, Diagnostics& diags,
                         std::set<uint32_t>& lexical_lines) {
    if (t->getType() == P::INVALID) {
        diags.report(DiagKind::invalid_character, span_of(t), text);
        lexical_lines.insert(uint32_t(t->getLine()));
    } else if (t->getType() == P::BLOCK_COMMENT &&
               (text.size() < 4 || text.substr(text.size() - 2) != "*/")) {
        diags.report(DiagKind::unterminated_comment, Span::point(start_of(t)));
    }
}

// A string that runs to the end of its line, and the C spellings of and, or, not.
void report_token_problems(const Token* t, const std::string& text, Diagnostics& diags,
                           std::set<uint32_t>& lexical_lines) {
    if (t->getType() == P::STRING &&
        (text.size() < 2 || text.back() != '"' || text[text.size() - 2] == '\\')) {
        // A trailing \" escapes the quote, unless the backslash is itself escaped.
        size_t backslashes = 0;
        for (size_t k = text.size() - 1; k > 0 && text[k - 1] == '\\'; --k)
            ++backslashes;
        if (text.size() < 2 || text.back() != '"' || backslashes % 2 == 1) {
            diags.report(DiagKind::unterminated_string, span_of(t));
            lexical_lines.insert(uint32_t(t->getLine()));
        }
    }
    if (t->getType() == P::AND && text == "&&")
        diags.report(DiagKind::c_operator, span_of(t), "&&", "and");
    if (t->getType() == P::OR && text == "||")
        diags.report(DiagKind::c_operator, span_of(t), "||", "or");
    if (t->getType() == P::NOT && text == "!")
        diags.report(DiagKind::c_operator, span_of(t), "!", "not");
}

// Whether the token starts a new statement or block, where a run of '?:' ends.
bool ends_ternaries(const Token* t, const std::string& text) {
    return text == "{" || text == "}" || text == ";" || text == "=" || is_keyword(t, "let") ||
           is_keyword(t, "if") || is_keyword(t, "while") || is_keyword(t, "for") ||
           is_keyword(t, "return") || is_keyword(t, "fn");
}

// The nesting the parser recurses into, counted token by token: brackets, runs of unary
// operators, '?:' within one statement and 'else if' chains within one block. Each stays within
// kMaxNesting, so that parsing cannot run out of stack.
class NestingCounter {
  public:
    // What the token nests too deeply ("brackets are", ...), or nullptr.
    const char* step(const Token* t, const std::string& text) {
        if (text == "(" || text == "[" || text == "{") {
            if (++depth_ > kMaxNesting) return "brackets are";
            if (text == "{") else_if_chain_.push_back(0);
        } else if (text == ")" || text == "]" || text == "}") {
            depth_ = std::max(0, depth_ - 1);
            if (text == "}" && else_if_chain_.size() > 1) else_if_chain_.pop_back();
        }
        bool unary = t->getType() == P::PREFIX_MINUS || t->getType() == P::PREFIX_PLUS ||
                     t->getType() == P::NOT;
        unary_run_ = unary ? unary_run_ + 1 : 0;
        if (unary_run_ > kMaxNesting) return "unary operators are";
        if (text == "?" && ++ternaries_ > kMaxNesting) return "'?:' expressions are";
        if (ends_ternaries(t, text)) ternaries_ = 0;
        if (is_keyword(t, "if") && prev_ && is_keyword(prev_, "else")) {
            if (++else_if_chain_.back() > kMaxNesting) return "'else if' chains are";
        } else if (prev_ && prev_->getText() == "}" && !is_keyword(t, "else")) {
            else_if_chain_.back() = 0;
        }
        prev_ = t;
        return nullptr;
    }

  private:
    int depth_ = 0;
    int unary_run_ = 0;
    int ternaries_ = 0;
    std::vector<int> else_if_chain_ = std::vector<int>(1, 0);  // per open block, outermost first
    const Token* prev_ = nullptr;  // previous token on the default channel
};

// Returns false when the input must not be parsed (nesting beyond the limits).
bool check_tokens(antlr4::CommonTokenStream& tokens, Diagnostics& diags,
                  std::set<uint32_t>& lexical_lines) {
    NestingCounter nesting;
    for (const Token* t : tokens.getTokens()) {
        std::string text = t->getText();
        if (t->getChannel() != Token::DEFAULT_CHANNEL) {
            report_hidden_token(t, text, diags, lexical_lines);
            continue;
        }
        report_token_problems(t, text, diags, lexical_lines);
        if (const char* too_deep = nesting.step(t, text)) {
            diags.report(DiagKind::nesting_too_deep, span_of(t), too_deep, kMaxNesting);
            return false;
        }
    }
    return true;
}

// ---- Pass 3: the AST builder ---------------------------------------------------------------

// Whether the subtree holds a syntax error, or is deeper than the limit: then `too_deep` is
// the first node past it, whose first token is where the too deeply nested construct (a long
// chain of binary operators, say) begins.
struct TreeCheck {
    bool has_error = false;
    ParserRuleContext* too_deep = nullptr;
};

TreeCheck check_tree(antlr4::tree::ParseTree* root) {
    TreeCheck result;
    std::vector<std::pair<antlr4::tree::ParseTree*, int>> stack{{root, 1}};
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (dynamic_cast<antlr4::tree::ErrorNode*>(node)) result.has_error = true;
        if (auto* rule = dynamic_cast<ParserRuleContext*>(node)) {
            if (rule->exception) result.has_error = true;
            if (depth > kMaxTreeDepth) result.too_deep = rule;
        }
        if (result.has_error || result.too_deep) break;
        // Leftmost child first, so that the first node past the limit is the leftmost: in a
        // chain of binary operators, the chain's own first token.
        for (auto it = node->children.rbegin(); it != node->children.rend(); ++it)
            stack.push_back({*it, depth + 1});
    }
    return result;
}

class Builder {
  public:
    // After syntax errors, ANTLR's recovery may cut declarations into pieces that look like
    // top-level statements; those are not reported then.
    Builder(Diagnostics& diags, bool after_syntax_errors)
        : diags_(diags), after_syntax_errors_(after_syntax_errors) {}

    void build(P::ProgramContext* tree, ast::Program& out) {
        for (auto* decl : tree->topDecl())
            build_top(decl, out);
    }

  private:
    Diagnostics& diags_;
    bool after_syntax_errors_;

    bool usable(antlr4::tree::ParseTree* tree) {
        TreeCheck c = check_tree(tree);
        if (c.too_deep)
            diags_.report(DiagKind::nesting_too_deep, span_of(c.too_deep->getStart()),
                          "expressions and blocks are", kMaxTreeDepth);
        return !c.has_error && !c.too_deep;
    }

    void build_top(P::TopDeclContext* ctx, ast::Program& out) {
        if (auto* s = ctx->statement()) {
            if (!after_syntax_errors_ && !check_tree(s).has_error) {
                bool is_let = dynamic_cast<P::LetStmtContext*>(s) != nullptr;
                diags_.report(is_let ? DiagKind::top_level_let : DiagKind::top_level_statement,
                              span_of(s->getStart()));
            }
            return;
        }
        ast::DeclPtr decl;
        if (auto* input = ctx->inputDecl()) {
            decl = value_decl(ast::DeclKind::Input, input, input->IDENT(), input->typeRef(),
                              input->expr());
        } else if (auto* state = ctx->stateDecl()) {
            decl = value_decl(ast::DeclKind::State, state, state->IDENT(), state->typeRef(),
                              state->expr());
        } else if (auto* constant = ctx->constDecl()) {
            decl = value_decl(ast::DeclKind::Const, constant, constant->IDENT(),
                              constant->typeRef(), constant->expr());
        }
        if (decl) {
            out.decls.push_back(std::move(decl));
        } else if (auto* fn = ctx->functionDecl()) {
            if (auto f = function_decl(ast::DeclKind::Function, fn, fn->IDENT(), fn->paramList(),
                                       fn->typeRef(), fn->block()))
                out.decls.push_back(std::move(f));
        } else if (auto* handler = ctx->handlerDecl()) {
            if (auto f = function_decl(ast::DeclKind::Handler, handler, handler->IDENT(),
                                       handler->paramList(), handler->typeRef(), handler->block()))
                out.decls.push_back(std::move(f));
        }
    }

    ast::DeclPtr value_decl(ast::DeclKind kind, ParserRuleContext* ctx,
                            antlr4::tree::TerminalNode* name, P::TypeRefContext* type,
                            P::ExprContext* value) {
        if (!name || name->getSymbol()->getTokenIndex() == INVALID_INDEX) return nullptr;
        std::optional<ast::TypeRef> t;
        if (type && usable(type)) t = type_ref(type);
        ast::ExprPtr v;
        if (value && usable(value)) v = expr(value);
        return std::make_unique<ast::ValueDecl>(kind, span_of(ctx), name->getText(), span_of(name),
                                                std::move(t), std::move(v));
    }

    ast::DeclPtr function_decl(ast::DeclKind kind, ParserRuleContext* ctx,
                               antlr4::tree::TerminalNode* name, P::ParamListContext* params,
                               P::TypeRefContext* result, P::BlockContext* body) {
        if (!name || name->getSymbol()->getTokenIndex() == INVALID_INDEX) return nullptr;
        if (params && !usable(params)) return nullptr;
        if (result && !usable(result)) return nullptr;
        std::vector<ast::Param> ps;
        if (params) {
            for (auto* p : params->param())
                ps.push_back({p->IDENT()->getText(), span_of(p->IDENT()), type_ref(p->typeRef())});
        }
        std::optional<ast::TypeRef> r;
        if (result) r = type_ref(result);
        bool broken = !body || !usable(body);
        ast::BlockPtr b =
            broken ? std::make_unique<ast::Block>(span_of(ctx), std::vector<ast::StmtPtr>{})
                   : block(body);
        auto f =
            std::make_unique<ast::FunctionDecl>(kind, span_of(ctx), name->getText(), span_of(name),
                                                std::move(ps), std::move(r), std::move(b));
        f->body_broken = broken;
        return f;
    }

    ast::TypeRef type_ref(P::TypeRefContext* ctx) {
        return {span_of(ctx), ctx->IDENT()->getText(), ctx->children.size() > 1};
    }

    ast::BlockPtr block(P::BlockContext* ctx) {
        std::vector<ast::StmtPtr> stmts;
        for (auto* s : ctx->statement()) {
            if (auto st = statement(s)) stmts.push_back(std::move(st));
        }
        return std::make_unique<ast::Block>(span_of(ctx), std::move(stmts));
    }

    std::optional<ast::TypeRef> optional_type(P::TypeRefContext* ctx) {
        if (!ctx) return std::nullopt;
        return type_ref(ctx);
    }

    ast::StmtPtr statement(P::StatementContext* ctx) {
        Span span = span_of(ctx);
        if (auto* s = dynamic_cast<P::LetStmtContext*>(ctx)) {
            return std::make_unique<ast::Let>(ast::StmtKind::Let, span, s->IDENT()->getText(),
                                              span_of(s->IDENT()), optional_type(s->typeRef()),
                                              expr(s->expr()));
        }
        if (auto* s = dynamic_cast<P::MisplacedStateStmtContext*>(ctx)) {
            return std::make_unique<ast::Let>(ast::StmtKind::MisplacedState, span,
                                              s->IDENT()->getText(), span_of(s->IDENT()),
                                              optional_type(s->typeRef()), expr(s->expr()));
        }
        if (auto* s = dynamic_cast<P::IfStmtContext*>(ctx)) return if_statement(s->ifStatement());
        if (auto* s = dynamic_cast<P::WhileStmtContext*>(ctx))
            return std::make_unique<ast::While>(span, expr(s->expr()), block(s->block()));
        if (auto* s = dynamic_cast<P::ForRangeStmtContext*>(ctx)) {
            return std::make_unique<ast::ForRange>(span, s->IDENT()->getText(), span_of(s->IDENT()),
                                                   expr(s->expr(0)), expr(s->expr(1)),
                                                   block(s->block()));
        }
        if (auto* s = dynamic_cast<P::ForEachStmtContext*>(ctx)) {
            return std::make_unique<ast::ForEach>(span, s->IDENT()->getText(), span_of(s->IDENT()),
                                                  expr(s->expr()), block(s->block()));
        }
        if (dynamic_cast<P::BreakStmtContext*>(ctx))
            return std::make_unique<ast::Break>(span_of(ctx->getStart()));
        if (dynamic_cast<P::ContinueStmtContext*>(ctx))
            return std::make_unique<ast::Continue>(span_of(ctx->getStart()));
        if (auto* s = dynamic_cast<P::ReturnStmtContext*>(ctx))
            return std::make_unique<ast::Return>(span, s->expr() ? expr(s->expr()) : nullptr);
        if (auto* s = dynamic_cast<P::AssignStmtContext*>(ctx)) {
            std::optional<ast::BinaryOp> op;
            std::string text = s->op->getText();
            if (text == "+=")
                op = ast::BinaryOp::Add;
            else if (text == "-=")
                op = ast::BinaryOp::Sub;
            else if (text == "*=")
                op = ast::BinaryOp::Mul;
            else if (text == "/=")
                op = ast::BinaryOp::Div;
            else if (text == "%=")
                op = ast::BinaryOp::Mod;
            return std::make_unique<ast::Assign>(span, op, span_of(s->op), expr(s->expr(0)),
                                                 expr(s->expr(1)));
        }
        if (auto* s = dynamic_cast<P::ExprStmtContext*>(ctx))
            return std::make_unique<ast::ExprStmt>(span, expr(s->expr()));
        if (auto* s = dynamic_cast<P::BlockStmtContext*>(ctx)) return block(s->block());
        return nullptr;  // empty statement
    }

    ast::StmtPtr if_statement(P::IfStatementContext* ctx) {
        ast::StmtPtr else_branch;
        if (ctx->ifStatement())
            else_branch = if_statement(ctx->ifStatement());
        else if (ctx->block().size() > 1)
            else_branch = block(ctx->block(1));
        return std::make_unique<ast::If>(span_of(ctx->getStart()), expr(ctx->expr()),
                                         block(ctx->block(0)), std::move(else_branch));
    }

    ast::ExprPtr expr(P::ExprContext* ctx) {
        Span span = span_of(ctx);
        if (auto* e = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(e->primary());
        if (auto* e = dynamic_cast<P::IndexExprContext*>(ctx))
            return std::make_unique<ast::Index>(span, expr(e->expr(0)), expr(e->expr(1)));
        if (auto* e = dynamic_cast<P::FieldExprContext*>(ctx))
            return std::make_unique<ast::Field>(span, expr(e->expr()), e->IDENT()->getText(),
                                                span_of(e->IDENT()));
        if (auto* e = dynamic_cast<P::UnaryExprContext*>(ctx)) return unary(e, span);
        if (auto* e = dynamic_cast<P::BinaryExprContext*>(ctx)) {
            return std::make_unique<ast::Binary>(
                span, binary_op(e->op->getText(), e->op->getType()), span_of(e->op),
                expr(e->expr(0)), expr(e->expr(1)));
        }
        if (auto* e = dynamic_cast<P::TernaryExprContext*>(ctx))
            return std::make_unique<ast::Ternary>(span, expr(e->expr(0)), expr(e->expr(1)),
                                                  expr(e->expr(2)));
        return std::make_unique<ast::NaLit>(span);  // unreachable for a clean tree
    }

    ast::ExprPtr unary(P::UnaryExprContext* e, Span span) {
        std::string text = e->op->getText();
        ast::UnaryOp op = e->op->getType() == P::NOT ? ast::UnaryOp::Not
                          : text == "-"              ? ast::UnaryOp::Neg
                                                     : ast::UnaryOp::Plus;
        // -9223372036854775808 is the one int literal that only fits when negated.
        if (op == ast::UnaryOp::Neg) {
            if (auto* p = dynamic_cast<P::PrimaryExprContext*>(e->expr())) {
                if (auto* lit = dynamic_cast<P::IntLiteralContext*>(p->primary())) {
                    if (digits(lit->INT()->getText()) == "9223372036854775808")
                        return std::make_unique<ast::IntLit>(span, INT64_MIN);
                }
            }
        }
        return std::make_unique<ast::Unary>(span, op, span_of(e->op), expr(e->expr()));
    }

    static ast::BinaryOp binary_op(const std::string& text, size_t type) {
        if (type == P::AND) return ast::BinaryOp::And;
        if (type == P::OR) return ast::BinaryOp::Or;
        static const std::pair<const char*, ast::BinaryOp> kOps[] = {
            {"+", ast::BinaryOp::Add}, {"-", ast::BinaryOp::Sub}, {"*", ast::BinaryOp::Mul},
            {"/", ast::BinaryOp::Div}, {"%", ast::BinaryOp::Mod}, {"<", ast::BinaryOp::Lt},
            {"<=", ast::BinaryOp::Le}, {">", ast::BinaryOp::Gt},  {">=", ast::BinaryOp::Ge},
            {"==", ast::BinaryOp::Eq}, {"!=", ast::BinaryOp::Ne}};
        for (auto [spelling, op] : kOps) {
            if (text == spelling) return op;
        }
        return ast::BinaryOp::Add;
    }

    static std::string digits(std::string text) {
        std::erase(text, '_');
        return text;
    }

    ast::ExprPtr primary(P::PrimaryContext* ctx) {
        Span span = span_of(ctx);
        if (auto* p = dynamic_cast<P::IntLiteralContext*>(ctx)) return int_literal(p->INT(), span);
        if (auto* p = dynamic_cast<P::FloatLiteralContext*>(ctx)) {
            std::string text = digits(p->FLOAT()->getText());
            double v = std::strtod(text.c_str(), nullptr);
            if (std::isinf(v))
                diags_.report(DiagKind::float_out_of_range, span, p->FLOAT()->getText());
            return std::make_unique<ast::FloatLit>(span, v);
        }
        if (auto* p = dynamic_cast<P::StringLiteralContext*>(ctx))
            return string_literal(p->STRING());
        if (dynamic_cast<P::BoolLiteralContext*>(ctx))
            return std::make_unique<ast::BoolLit>(span, ctx->getStart()->getText() == "true");
        if (dynamic_cast<P::NaLiteralContext*>(ctx)) return std::make_unique<ast::NaLit>(span);
        if (auto* p = dynamic_cast<P::CallExprContext*>(ctx)) {
            std::vector<ast::ExprPtr> args;
            std::vector<std::string> names;
            std::vector<Span> name_spans;
            for (auto* a : p->argument()) {
                args.push_back(expr(a->expr()));
                names.push_back(a->IDENT() ? a->IDENT()->getText() : "");
                name_spans.push_back(a->IDENT() ? span_of(a->IDENT()) : Span{});
            }
            return std::make_unique<ast::Call>(span, p->IDENT()->getText(), span_of(p->IDENT()),
                                               std::move(args), std::move(names),
                                               std::move(name_spans));
        }
        if (auto* p = dynamic_cast<P::NameExprContext*>(ctx))
            return std::make_unique<ast::Name>(span, p->IDENT()->getText());
        if (auto* p = dynamic_cast<P::ParenExprContext*>(ctx)) return expr(p->expr());
        if (auto* p = dynamic_cast<P::ArrayLiteralContext*>(ctx)) {
            std::vector<ast::ExprPtr> elements;
            for (auto* a : p->expr())
                elements.push_back(expr(a));
            return std::make_unique<ast::ArrayLit>(span, std::move(elements));
        }
        if (auto* p = dynamic_cast<P::NewArrayContext*>(ctx)) {
            ast::TypeRef elem{span_of(p->IDENT()), p->IDENT()->getText(), false};
            return std::make_unique<ast::NewArray>(span, std::move(elem), expr(p->expr()));
        }
        return std::make_unique<ast::NaLit>(span);
    }

    ast::ExprPtr int_literal(antlr4::tree::TerminalNode* node, Span span) {
        std::string text = digits(node->getText());
        uint64_t v = 0;
        bool overflow = false;
        for (char c : text) {
            if (v > (UINT64_MAX - uint64_t(c - '0')) / 10) {
                overflow = true;
                break;
            }
            v = v * 10 + uint64_t(c - '0');
        }
        if (overflow || v > uint64_t(INT64_MAX)) {
            diags_.report(DiagKind::int_too_large, span, node->getText());
            v = 0;
        }
        return std::make_unique<ast::IntLit>(span, int64_t(v));
    }

    ast::ExprPtr string_literal(antlr4::tree::TerminalNode* node) {
        std::string text = node->getText();
        Span span = span_of(node);
        // Drop the quotes (the closing one may be missing: already reported).
        std::string raw = text.substr(1);
        bool closed = !raw.empty() && raw.back() == '"';
        if (closed) {
            size_t backslashes = 0;
            for (size_t k = raw.size() - 1; k > 0 && raw[k - 1] == '\\'; --k)
                ++backslashes;
            closed = backslashes % 2 == 0;
        }
        if (closed) raw.pop_back();
        std::string value;
        uint32_t col = span.begin.col + 1;
        for (size_t i = 0; i < raw.size(); ++i) {
            char c = raw[i];
            if (c != '\\' || i + 1 >= raw.size()) {
                value += c;
                col += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                continue;
            }
            char e = raw[++i];
            switch (e) {
                case 'n':
                    value += '\n';
                    break;
                case 't':
                    value += '\t';
                    break;
                case 'r':
                    value += '\r';
                    break;
                case '"':
                    value += '"';
                    break;
                case '\\':
                    value += '\\';
                    break;
                default: {
                    size_t n = std::max<size_t>(1, utf8_length(raw, i));
                    diags_.report(DiagKind::bad_escape,
                                  Span{{span.begin.line, col}, {span.begin.line, col + 2}},
                                  raw.substr(i, n));
                    i += n - 1;
                }
            }
            col += 2;
        }
        return std::make_unique<ast::StringLit>(span, std::move(value), std::move(raw));
    }
};
// ---- Splitting the file into declarations ------------------------------------------------

bool starts_declaration(const Token* t) {
    return is_keyword(t, "fn") || is_keyword(t, "input") || is_keyword(t, "var") ||
           is_keyword(t, "const") || is_keyword(t, "let") || t->getType() == P::IDENT;
}

// Cuts the tokens into runs that each hold whole top-level declarations, so that a syntax
// error and ANTLR's recovery from it stay inside one declaration. A run ends before a
// token at column 1 that can start a declaration, at brace depth 0; or, inside braces,
// before `fn`, `input`, `const` or `on_...(` at column 1, which means a '}' is missing.
std::vector<std::vector<Token*>> split_declarations(const std::vector<Token*>& all) {
    std::vector<std::vector<Token*>> runs(1);
    int depth = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        Token* t = all[i];
        if (t->getChannel() != Token::DEFAULT_CHANNEL || t->getType() == Token::EOF) continue;
        bool column1 = t->getCharPositionInLine() == 0;
        bool handler_like = t->getType() == P::IDENT && t->getText().rfind("on_", 0) == 0 &&
                            i + 1 < all.size() && all[i + 1]->getText() == "(";
        bool cut = false;
        if (!runs.back().empty() && column1) {
            if (depth == 0)
                cut = starts_declaration(t);
            else
                cut = is_keyword(t, "fn") || is_keyword(t, "input") || is_keyword(t, "const") ||
                      handler_like;
        }
        if (cut) {
            runs.emplace_back();
            depth = 0;
        }
        runs.back().push_back(t);
        if (t->getType() != P::STRING && t->getText() == "{") ++depth;
        if (t->getType() != P::STRING && t->getText() == "}") depth = std::max(0, depth - 1);
    }
    return runs;
}

// A token stream that counts what the parser consumes (ParseWork::steps): the parser and its
// lookahead both move through the stream with consume().
class CountingTokenStream : public antlr4::CommonTokenStream {
  public:
    using antlr4::CommonTokenStream::CommonTokenStream;
    void consume() override {
        ++consumed_;
        antlr4::CommonTokenStream::consume();
    }
    size_t consumed() const { return consumed_; }

  private:
    size_t consumed_ = 0;
};

// Parses one run of tokens and adds its declarations to `program`. The run ends with an
// end-of-input token placed where the next run starts, carrying that token's text, so that
// "missing '}' before 'fn'" names what follows.
void parse_run(const std::vector<Token*>& run, const Token* next, SyntaxErrorListener& errors,
               Diagnostics& diags, ast::Program& program, ParseWork& work) {
    if (run.empty()) return;
    work.tokens += run.size();
    std::vector<std::unique_ptr<Token>> copies;
    for (Token* t : run)
        copies.push_back(std::make_unique<antlr4::CommonToken>(t));
    auto eof = std::make_unique<antlr4::CommonToken>(
        Token::EOF, next->getType() == Token::EOF ? std::string("<EOF>") : next->getText());
    eof->setLine(next->getLine());
    eof->setCharPositionInLine(next->getCharPositionInLine());
    copies.push_back(std::move(eof));
    antlr4::ListTokenSource source(std::move(copies));
    CountingTokenStream tokens(&source);
    tokens.fill();

    StrategyParser parser(&tokens);
    parser.removeErrorListeners();
    // Fast path: SLL prediction with bail-out; only on failure the full LL parse with
    // error recovery and messages. Both give the same tree for valid input.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    P::ProgramContext* tree = nullptr;
    try {
        tree = parser.program();
    } catch (const antlr4::ParseCancellationException&) {
        tree = nullptr;
    }
    bool failed = !tree;
    if (failed) {
        tokens.seek(0);
        parser.reset();
        errors.begin_run();
        parser.addErrorListener(&errors);
        parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
        parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
            antlr4::atn::PredictionMode::LL);
        tree = parser.program();
    }
    work.steps += tokens.consumed();
    Builder(diags, failed).build(tree, program);
}

}  // namespace

ast::Program parse(std::string_view source, Diagnostics& diags, ParseWork* work) {
    if (source.size() > kMaxSourceBytes) {
        diags.report(DiagKind::source_too_large, Span::point({1, 1}), kMaxSourceBytes);
        return {};
    }
    std::string text = sanitize_utf8(source, diags);
    antlr4::ANTLRInputStream input(text);
    StrategyLexer lexer(&input);
    LexerErrorListener lexer_errors(diags);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&lexer_errors);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    mark_prefix_operators(tokens.getTokens());
    std::set<uint32_t> lexical_lines;
    if (!check_tokens(tokens, diags, lexical_lines)) return {};

    SyntaxErrorListener errors(diags);
    for (uint32_t line : lexical_lines) {
        errors.quiet_line(line);
        errors.quiet_line(line + 1);
    }
    ast::Program program;
    const std::vector<Token*> all = tokens.getTokens();  // a copy: taken once
    auto runs = split_declarations(all);
    ParseWork local;
    for (size_t i = 0; i < runs.size(); ++i) {
        const Token* next = i + 1 < runs.size() ? runs[i + 1].front() : all.back();
        parse_run(runs[i], next, errors, diags, program, work ? *work : local);
    }
    return program;
}

}  // namespace dsl
