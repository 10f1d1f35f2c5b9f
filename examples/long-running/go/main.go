// A long-running HTTP service with two production bugs, for Hotline's Go leak tools:
//   - every request starts a goroutine that waits on a channel nobody ever sends to or closes
//     (a goroutine leak: the goroutine count grows by one per request, forever);
//   - every request stores a 32 KiB session in a package-level map that is never evicted
//     (the heap grows without bound).
// It drives itself: a goroutine sends it a request every 10 ms over loopback, so no load tool is
// needed. net/http/pprof serves the profiles on the same address.
//
//	go run . [-addr 127.0.0.1:PORT] [-seconds S]
//
// The address defaults to $HOTLINE_PPROF_ADDR (how `hotline leaks` tells the program where to
// listen), else 127.0.0.1:0 (any free port); it is printed as "listening on http://ADDR".
// -seconds S ends the program after S seconds (0, the default, runs until stopped).
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"strconv"
	"sync"
	"time"
)

var (
	sessionsMu sync.Mutex
	sessions   = map[string][]byte{}
)

func handleOrder(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	confirmed := make(chan bool)
	go awaitConfirmation(id, confirmed)
	sessionsMu.Lock()
	sessions[id] = make([]byte, 32<<10) // GROWS: sessions are never evicted
	sessionsMu.Unlock()
	fmt.Fprintf(w, "order %s accepted\n", id)
}

// awaitConfirmation waits for a confirmation that no code path ever sends.
func awaitConfirmation(id string, confirmed chan bool) {
	if <-confirmed { // LEAK: blocks forever on a channel nobody sends to
		log.Printf("order %s confirmed", id)
	}
}

func drive(addr string) {
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; ; i++ {
		resp, err := client.Get("http://" + addr + "/order?id=" + strconv.Itoa(i))
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func main() {
	defaultAddr := os.Getenv("HOTLINE_PPROF_ADDR")
	if defaultAddr == "" {
		defaultAddr = "127.0.0.1:0"
	}
	addr := flag.String("addr", defaultAddr, "address to serve the orders and /debug/pprof on")
	seconds := flag.Float64("seconds", 0, "end after this many seconds (0: run until stopped)")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/order", handleOrder)
	fmt.Printf("listening on http://%s\n", ln.Addr())
	go drive(ln.Addr().String())
	if *seconds > 0 {
		time.AfterFunc(time.Duration(*seconds*float64(time.Second)), func() { os.Exit(0) })
	}
	log.Fatal(http.Serve(ln, nil))
}
