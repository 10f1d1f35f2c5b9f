// Package records builds records in memory; one line (marked HOT) allocates most of the bytes.
package records

import "strconv"

type Record struct {
	ID      int
	Payload []byte
}

// Build returns n records of 4 KiB each.
func Build(n int) []Record {
	out := make([]Record, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, Record{ID: i, Payload: make([]byte, 4096)}) // HOT
	}
	return out
}

// Names is a smaller allocation: one short string per record.
func Names(rs []Record) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = "record-" + strconv.Itoa(r.ID)
	}
	return names
}
