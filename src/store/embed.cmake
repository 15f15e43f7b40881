# Turns schema.sql into a C array (no raw strings in C11). Run at build time.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
file(WRITE ${OUT} "/* generated from schema.sql */\nstatic const char schema_sql[] = {${arr} 0x00};\n")
