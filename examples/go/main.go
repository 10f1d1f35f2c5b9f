// Command csvreport renders a CSV report of numbered rows.
//
// Slow on purpose: the report is grown with `report += ...` inside the loop (the seed
// anti-pattern "string concatenation in a loop"), which copies the whole report on every
// row; the row slice is also grown with append without pre-allocation. Fix: a
// strings.Builder (with Grow) and make([]string, 0, n).
// Usage: go run . [ROWS]   (default 20000, about 1-2 s)
package main

import (
	"fmt"
	"os"
	"strconv"
)

func makeRows(n int) []string {
	var rows []string
	for i := 0; i < n; i++ {
		rows = append(rows, strconv.Itoa(i)+","+strconv.Itoa(i*i%97))
	}
	return rows
}

func renderReport(rows []string) string {
	report := ""
	for _, row := range rows {
		report += row + "\n" // HOT
	}
	return report
}

func main() {
	n := 20000
	if len(os.Args) > 1 {
		if v, err := strconv.Atoi(os.Args[1]); err == nil {
			n = v
		}
	}
	report := renderReport(makeRows(n))
	fmt.Printf("%d rows, %d bytes\n", n, len(report))
}
