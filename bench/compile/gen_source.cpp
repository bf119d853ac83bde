// Prints a generated strategy source of one shape and about the given size (the shapes are
// in generated_sources.h). Built by bench/compile/run.sh without the rest of the project.
//   gen_source SHAPE BYTES > file.strat
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "generated_sources.h"

int main(int argc, char** argv) {
    using namespace dsl::test;
    if (argc == 3) {
        for (Shape s : kAllShapes) {
            if (shape_name(s) != argv[1]) continue;
            std::string source = generated_source_of_size(s, std::strtoull(argv[2], nullptr, 10));
            std::fwrite(source.data(), 1, source.size(), stdout);
            return 0;
        }
    }
    std::fprintf(stderr, "usage: gen_source SHAPE BYTES; shapes:");
    for (Shape s : kAllShapes)
        std::fprintf(stderr, " %.*s", int(shape_name(s).size()), shape_name(s).data());
    std::fprintf(stderr, "\n");
    return 2;
}
