// SPDX-License-Identifier: GPL-2.0-or-later
/* The CLI's display width: ASCII, wide and combining characters, and the one rule for invalid bytes. */
#include <locale.h>
#include <wchar.h>

#include "render/width.h"
#include "tap.h"

int main(void)
{
	wchar_t wc;
	int cols;
	size_t n;

	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		ok(0, "the C.UTF-8 locale is available");
		return tap_done();
	}
	ok(text_width("") == 0, "empty text is 0 columns");
	ok(text_width("127.0.0.1:80") == 12, "ASCII: a column a byte");
	ok(text_width("\xe7\x8a\xb6\xe6\x80\x81") == 4, "two Chinese characters: 4 columns");
	ok(text_width("e\xcc\x81") == 1, "a combining accent adds nothing");
	ok(text_width("a\tb") == 2, "a control character takes no column");
	ok(text_width("a\xff" "b") == 3, "an invalid byte is one column");
	ok(text_width("\x80\x80\x80") == 3, "stray continuation bytes: one column each");
	ok(text_width("x\xe7\x8a") == 3, "a character cut short: one column a byte");
	ok(text_width("\xe7\x8a" "ab") == 4,
	   "a cut sequence does not swallow what follows");
	n = text_char("\xe7\x8a\xb6x", &wc, &cols);
	ok(n == 3 && cols == 2 && wc == 0x72b6, "text_char: a wide character, its bytes and width");
	n = text_char("\xc3(", &wc, &cols);
	ok(n == 1 && cols == 1 && wc == 0, "text_char: an invalid byte alone, wc 0");
	return tap_done();
}
