// The grammar of strategy files (.strat). ANTLR generates the C++ lexer and parser from
// it at build time; grammar/parse.cpp turns the parse tree into the compiler's own AST.
// docs/language.md is the reference for what each construct means.
//
// Statements at the top level are accepted by the grammar only so that the front end can
// say where they belong (inside a handler), instead of reporting a bare syntax error.
//
// Statements need no terminator: every statement starts with a keyword or is an
// assignment or a call, so the parser knows where one ends. A `;` may end any statement.
// Type names (int, float, order, Side, ...) are ordinary identifiers resolved by the type
// checker, so that `position(s)` and `symbol("X")` can be functions as well.
//
// A '-', '+' or '[' right after a token that can end an expression (a name, a literal, ')' or
// ']') continues that expression; anywhere else it starts one, and the parser front end gives
// it the token type PREFIX_MINUS, PREFIX_PLUS or ARRAY_OPEN before parsing. Statements need no
// terminator, so without that distinction `x = a` followed by `- b` could also be two
// statements, and the parser would look ahead to the end of every `+` chain (in any context:
// its fast SLL mode ignores the context) before deciding to continue it: quadratic time on
// long expressions. The rule is the one the parser applied anyway (the longest expression).
grammar Strategy;

tokens { PREFIX_MINUS, PREFIX_PLUS, ARRAY_OPEN }

program
    : topDecl* EOF
    ;

topDecl
    : inputDecl
    | stateDecl
    | constDecl
    | functionDecl
    | handlerDecl
    | statement
    ;

inputDecl
    : 'input' IDENT ':' typeRef '=' expr
    ;

stateDecl
    : 'var' IDENT (':' typeRef)? '=' expr
    ;

constDecl
    : 'const' IDENT (':' typeRef)? '=' expr
    ;

functionDecl
    : 'fn' IDENT '(' paramList? ')' ('->' typeRef)? block
    ;

// A handler has no result; `->` is accepted here only to be reported as a signature error.
handlerDecl
    : IDENT '(' paramList? ')' ('->' typeRef)? block
    ;

paramList
    : param (',' param)* ','?
    ;

param
    : IDENT ':' typeRef
    ;

typeRef
    : IDENT ('[' ']')?
    ;

block
    : '{' statement* '}'
    ;

statement
    : 'let' IDENT (':' typeRef)? '=' expr ';'?                          # letStmt
    | 'var' IDENT (':' typeRef)? '=' expr ';'?                          # misplacedStateStmt
    | ifStatement                                                       # ifStmt
    | 'while' expr block                                                # whileStmt
    | 'for' IDENT 'in' expr '..' expr block                             # forRangeStmt
    | 'for' IDENT 'in' expr block                                       # forEachStmt
    | 'break' ';'?                                                      # breakStmt
    | 'continue' ';'?                                                   # continueStmt
    | 'return' expr? ';'?                                               # returnStmt
    | expr op=('=' | '+=' | '-=' | '*=' | '/=' | '%=') expr ';'?        # assignStmt
    | expr ';'?                                                         # exprStmt
    | block                                                             # blockStmt
    | ';'                                                               # emptyStmt
    ;

ifStatement
    : 'if' expr block ('else' (ifStatement | block))?
    ;

// Precedence, loosest last: postfix, unary minus, * / %, + -, comparisons, equality,
// not, and, or, ?:.
expr
    : primary                                                           # primaryExpr
    | expr '[' expr ']'                                                 # indexExpr
    | expr '.' IDENT                                                    # fieldExpr
    | op=(PREFIX_MINUS | PREFIX_PLUS) expr                              # unaryExpr
    | expr op=('*' | '/' | '%') expr                                    # binaryExpr
    | expr op=('+' | '-') expr                                          # binaryExpr
    | expr op=('<' | '<=' | '>' | '>=') expr                            # binaryExpr
    | expr op=('==' | '!=') expr                                        # binaryExpr
    | op='not' expr                                                     # unaryExpr
    | expr op='and' expr                                                # binaryExpr
    | expr op='or' expr                                                 # binaryExpr
    | <assoc=right> expr '?' expr ':' expr                              # ternaryExpr
    ;

primary
    : INT                                                               # intLiteral
    | FLOAT                                                             # floatLiteral
    | STRING                                                            # stringLiteral
    | ('true' | 'false')                                                # boolLiteral
    | 'na'                                                              # naLiteral
    | IDENT '(' (argument (',' argument)* ','?)? ')'                    # callExpr
    | IDENT                                                             # nameExpr
    | '(' expr ')'                                                      # parenExpr
    | ARRAY_OPEN (expr (',' expr)* ','?)? ']'                           # arrayLiteral
    | 'new' IDENT '[' expr ']'                                          # newArray
    ;

// Arguments may be named, as in `buy(s, 100, tag: "entry")`; named ones come last.
argument
    : (IDENT ':')? expr
    ;

// ---- Lexer ----------------------------------------------------------------------------

AND : 'and' ;
OR : 'or' ;
NOT : 'not' ;
// C spellings are recognised so that the front end can say what to write instead; they
// parse as the words, which keeps one mistake from becoming a cascade of errors.
C_AND : '&&' -> type(AND) ;
C_OR : '||' -> type(OR) ;
C_NOT : '!' -> type(NOT) ;

INT
    : DIGIT ('_'? DIGIT)*
    ;

FLOAT
    : DIGIT ('_'? DIGIT)* '.' DIGIT ('_'? DIGIT)* EXPONENT?
    | DIGIT ('_'? DIGIT)* EXPONENT
    ;

// The closing quote is optional so that an unterminated string is one token that the
// front end reports, rather than a stream of confusing tokens.
STRING
    : '"' (ESCAPE | ~["\\\r\n])* '"'?
    ;

IDENT
    : [a-zA-Z_] [a-zA-Z_0-9]*
    ;

LINE_COMMENT
    : '//' ~[\r\n]* -> channel(HIDDEN)
    ;

// Unterminated block comments run to the end of the file; the front end reports them.
BLOCK_COMMENT
    : '/*' .*? ('*/' | EOF) -> channel(HIDDEN)
    ;

WS
    : [ \t\r\n\f]+ -> channel(HIDDEN)
    ;

// Anything else is reported by the front end as an invalid character and skipped.
INVALID
    : . -> channel(HIDDEN)
    ;

fragment DIGIT : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
fragment ESCAPE : '\\' . ;
