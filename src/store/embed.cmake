# Turns an .sql file into a C array named NAME (no raw strings in C11).
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
file(WRITE ${OUT} "/* generated from ${IN} */\nstatic const char ${NAME}[] = {${arr} 0x00};\n")
