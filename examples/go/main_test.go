package main

import "testing"

// BenchmarkRenderReport measures the concatenating renderer on 5,000 rows.
func BenchmarkRenderReport(b *testing.B) {
	rows := makeRows(5000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		renderReport(rows)
	}
}

func TestRenderReport(t *testing.T) {
	got := renderReport(makeRows(3))
	if want := "0,0\n1,1\n2,4\n"; got != want {
		t.Fatalf("renderReport = %q, want %q", got, want)
	}
}
