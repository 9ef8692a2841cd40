// Command mongo-compat runs FerretDB (embedded, SQLite or PostgreSQL backend) behind a small
// proxy that lets one write command per database through at a time. FerretDB applies
// findAndModify, update and $inc as read-modify-write in Go without re-checking the filter,
// so concurrent conditional updates of one document could both succeed; serialising writes
// gives the per-document atomicity that real MongoDB provides and our code relies on.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // served only with -pprof-addr
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "address clients connect to")
	handler := flag.String("handler", "sqlite", "FerretDB backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:.data/ferretdb/", "SQLite directory URL (ends with /)")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL for the postgresql backend")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	slowMs := flag.Int("slow-ms", 0, "log commands slower than this many milliseconds (0: off)")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's pprof profiles on this address (to see where FerretDB spends its time)")
	flag.Parse()

	// FerretDB decodes every document it reads into fresh Go values; with Go's default GOGC=100 the
	// collector took 16% of its CPU under bench:batch. At 400 a read-and-update load runs 45% faster
	// (12 clients, 2,000 documents of 2.7 KB: 267 → 401 and 348 → 506 pairs/s) for some 60-80 MB more.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if *handler == "sqlite" {
		dir := trimFileScheme(*sqliteURL)
		if i := strings.IndexByte(dir, '?'); i >= 0 {
			dir = dir[:i]
		}
		dir = filepath.Clean(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail("cannot create %s: %v", dir, err)
		}
	}

	// Claim the public address first, so a second instance fails at once and clearly.
	front, err := net.Listen("tcp", *listen)
	if err != nil {
		fail("cannot listen on %s: %v", *listen, err)
	}

	backendSocket := filepath.Join(os.TempDir(), fmt.Sprintf("mongo-compat-%d.sock", os.Getpid()))
	_ = os.Remove(backendSocket)
	db, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{Unix: backendSocket},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	if *pprofAddr != "" {
		go func() { _ = http.ListenAndServe(*pprofAddr, nil) }()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		_ = db.Run(ctx)
		close(done)
	}()
	if err := waitForSocket(backendSocket, 10*time.Second); err != nil {
		fail("FerretDB did not start: %v", err)
	}

	var indexer *idIndexer
	if *handler == "sqlite" {
		indexer = newIDIndexer(*sqliteURL, logger)
	}
	proxy := newProxy(front, func() (net.Conn, error) { return net.Dial("unix", backendSocket) }, logger, indexer)
	proxy.slow = time.Duration(*slowMs) * time.Millisecond
	go proxy.serve()
	fmt.Fprintf(os.Stderr, "mongo-compat: FerretDB (%s) with atomic writes listening on %s\n", *handler, front.Addr())

	<-ctx.Done()
	_ = front.Close()
	<-done
	_ = os.Remove(backendSocket)
}

func trimFileScheme(u string) string {
	if len(u) > 5 && u[:5] == "file:" {
		return u[5:]
	}
	return u
}

func waitForSocket(path string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		c, err := net.Dial("unix", path)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "mongo-compat: "+format+"\n", args...)
	os.Exit(1)
}
