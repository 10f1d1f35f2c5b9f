package records

import "testing"

func BenchmarkBuild(b *testing.B) {
	for i := 0; i < b.N; i++ {
		rs := Build(200)
		if len(Names(rs)) != 200 {
			b.Fatal("wrong count")
		}
	}
}
