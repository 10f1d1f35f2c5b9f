// Package benchdemo is a tiny Go benchmark suite used by Hotline's tests and demo.
package benchdemo

import "strings"

// JoinBuilder builds a string with a strings.Builder (the fast way).
func JoinBuilder(words []string) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
	}
	return b.String()
}

// JoinConcat builds a string with += (the slow way; quadratic).
func JoinConcat(words []string) string {
	out := ""
	for _, w := range words {
		out += w
	}
	return out
}
