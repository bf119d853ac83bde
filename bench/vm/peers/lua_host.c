/* A C host for the handler-call benchmark: loads a Lua script that defines the global
 * functions on_bar(s) and on_stop(), then calls on_bar N times and on_stop once, as the
 * DSL runner invokes handlers. Built against Lua 5.4 (lua_host54) and LuaJIT (lua_hostjit).
 *   lua_host SCRIPT.lua N */
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

int main(int argc, char** argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: lua_host SCRIPT.lua N\n");
        return 2;
    }
    long long n = strtoll(argv[2], NULL, 10);
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dofile(L, argv[1])) {
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
        return 1;
    }
    lua_getglobal(L, "on_bar");
    int on_bar = luaL_ref(L, LUA_REGISTRYINDEX);
    for (long long i = 0; i < n; ++i) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, on_bar);
        lua_pushinteger(L, 0);
        lua_call(L, 1, 0);
    }
    lua_getglobal(L, "on_stop");
    lua_call(L, 0, 0);
    lua_close(L);
    return 0;
}
