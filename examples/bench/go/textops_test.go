package benchdemo

import (
	"fmt"
	"testing"
)

var words = func() []string {
	w := make([]string, 500)
	for i := range w {
		w[i] = fmt.Sprintf("w%d", i)
	}
	return w
}()

var sink string

func BenchmarkJoinBuilder(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = JoinBuilder(words)
	}
}

func BenchmarkJoinConcat(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = JoinConcat(words)
	}
}

func TestJoinSame(t *testing.T) {
	if JoinBuilder(words) != JoinConcat(words) {
		t.Fatal("JoinBuilder and JoinConcat disagree")
	}
}
