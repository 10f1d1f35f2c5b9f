/* Upper-cases a large text buffer in place.
 *
 * Slow on purpose: the loop condition calls strlen() on every iteration, so the
 * whole string is scanned again for each character (quadratic). The compiler cannot
 * hoist strlen() out of the loop because the loop writes to the string.
 * Fix: compute the length once before the loop.
 * Usage: ./upper [KILOBYTES]   (default 320, about 1-2 s)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void upper_case(char *text) {
    for (size_t i = 0; i < strlen(text); i++) { /* HOT */
        text[i] = (char)toupper((unsigned char)text[i]);
    }
}

static unsigned long checksum(const char *text) {
    unsigned long sum = 0;
    for (const char *p = text; *p; p++) sum = sum * 31 + (unsigned char)*p;
    return sum;
}

int main(int argc, char **argv) {
    size_t kb = argc > 1 ? strtoul(argv[1], NULL, 10) : 320;
    size_t n = kb * 1024;
    char *text = malloc(n + 1);
    if (!text) return 1;
    for (size_t i = 0; i < n; i++) text[i] = "hotline profiles c "[i % 19];
    text[n] = '\0';
    upper_case(text);
    printf("%zu bytes, checksum %lu\n", n, checksum(text));
    free(text);
    return 0;
}
