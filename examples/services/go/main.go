// An example Go service for `hotline load` (net/http only, loopback only):
//
//	GET /cpu    CPU-heavy: sums quotients on the request's goroutine (the hot line below)
//	GET /slow   calls the slow downstream service (this program run as `downstream`, started here on its own port)
//	GET /queue  hands a job to a bounded worker pool (WORKERS at a time, QUEUE_LIMIT waiting, then 503)
//	GET /health answers at once
//
// With HOTLINE_PPROF_ADDR set (a loopback host:port; Hotline sets it for services it starts),
// net/http/pprof is served there, on a listener of its own.
//
// Usage: go build -o svc . && ./svc [port]   (or PORT=...; DOWNSTREAM_PORT, WORKERS, JOB_MS, QUEUE_LIMIT, CPU_N, DELAY_MS)
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func cpuWork(n int) float64 {
	total := 0.0
	for i := 1; i <= n; i++ {
		total += float64(i%977) / float64(n-i+1) // HOT
	}
	return total
}

type job struct {
	enqueued time.Time
	done     chan map[string]int64
}

// A fixed number of workers take jobs from a bounded channel; under load the wait in it grows.
func startWorkers(workers int, jobMs int, queue chan job) {
	for w := 0; w < workers; w++ {
		go func() {
			for j := range queue {
				started := time.Now()
				time.Sleep(time.Duration(jobMs) * time.Millisecond)
				j.done <- map[string]int64{"queuedMs": started.Sub(j.enqueued).Milliseconds(), "workMs": time.Since(started).Milliseconds()}
			}
		}()
	}
}

func send(w http.ResponseWriter, status int, body any) {
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// loopback refuses an address that is not on the loopback interface.
func loopback(addr string) (string, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if host == "localhost" {
		return addr, nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("%s is not a loopback address", host)
	}
	return addr, nil
}

func servePprof(addr string) {
	addr, err := loopback(addr)
	if err != nil {
		log.Fatalf("HOTLINE_PPROF_ADDR: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatalf("pprof: %v", err)
	}
	log.Printf("pprof on http://%s/debug/pprof/", ln.Addr())
	go func() { log.Fatal(http.Serve(ln, mux)) }()
}

// downstream is the slow service /slow calls: it answers every request after DELAY_MS (default 40).
func downstream() {
	delay := envInt("DELAY_MS", 40)
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(envInt("DOWNSTREAM_PORT", 0)))
	if err != nil {
		log.Fatal(err)
	}
	// The parent reads the port it got from this line.
	fmt.Printf("downstream listening on %d\n", ln.Addr().(*net.TCPAddr).Port)
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Duration(delay) * time.Millisecond)
		send(w, 200, map[string]int{"waitedMs": delay})
	})))
}

// startDownstream runs this program as `downstream` on a free port (in this process group, so it
// ends with it) and returns the port it listens on.
func startDownstream() (int, *exec.Cmd) {
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command(self, "downstream")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		log.Fatalf("downstream: %v", err)
	}
	port, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "downstream listening on ")))
	if err != nil {
		log.Fatalf("downstream said %q", line)
	}
	return port, cmd
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "downstream" {
		downstream()
		return
	}
	port := envInt("PORT", 8080)
	if len(os.Args) > 1 {
		p, err := strconv.Atoi(os.Args[1])
		if err != nil {
			log.Fatalf("not a port: %s", os.Args[1])
		}
		port = p
	}
	cpuN := envInt("CPU_N", 2_000_000)
	queue := make(chan job, envInt("QUEUE_LIMIT", 256))
	startWorkers(envInt("WORKERS", 2), envInt("JOB_MS", 10), queue)

	downstreamPort := envInt("DOWNSTREAM_PORT", 0)
	if downstreamPort == 0 {
		var child *exec.Cmd
		downstreamPort, child = startDownstream()
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
		go func() {
			<-stop
			_ = child.Process.Kill()
			os.Exit(0)
		}()
	}
	client := &http.Client{Timeout: 10 * time.Second}
	downstreamURL := fmt.Sprintf("http://127.0.0.1:%d/", downstreamPort)

	if addr := os.Getenv("HOTLINE_PPROF_ADDR"); addr != "" {
		servePprof(addr)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/cpu", func(w http.ResponseWriter, r *http.Request) {
		send(w, 200, map[string]float64{"total": cpuWork(cpuN)})
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		res, err := client.Get(downstreamURL)
		if err != nil {
			send(w, 502, map[string]string{"error": err.Error()})
			return
		}
		defer res.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			send(w, 502, map[string]string{"error": err.Error()})
			return
		}
		send(w, 200, body)
	})
	mux.HandleFunc("/queue", func(w http.ResponseWriter, r *http.Request) {
		j := job{enqueued: time.Now(), done: make(chan map[string]int64, 1)}
		select {
		case queue <- j:
			send(w, 200, <-j.done)
		default:
			send(w, 503, map[string]string{"error": "queue full"})
		}
	})
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		send(w, 200, map[string]bool{"ok": true})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		send(w, 404, map[string]string{"error": "no route " + r.URL.Path})
	})

	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, mux))
}
