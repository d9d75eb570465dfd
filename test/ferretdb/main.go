// Command ferretdb-test runs FerretDB v1.24.2 (SQLite backend) embedded in-process,
// so the test harness can speak the MongoDB wire protocol without a mongod binary.
//
// Usage: ferretdb-test -listen 127.0.0.1:27018 -state /tmp/dir
// It prints "READY <addr>" on stdout once the listener accepts connections and runs
// until it receives SIGINT/SIGTERM or its stdin is closed (so it dies with its parent).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	state := flag.String("state", "", "directory for SQLite files")
	flag.Parse()
	if *state == "" {
		log.Fatal("-state is required")
	}
	if err := os.MkdirAll(*state, 0o700); err != nil {
		log.Fatal(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  "sqlite",
		SQLiteURL: "file:" + *state + "/",
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Exit when the parent closes our stdin (the test harness died).
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	fmt.Println("READY", *listen)
	if err := <-done; err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
