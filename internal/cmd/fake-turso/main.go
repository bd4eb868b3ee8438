// Command fake-turso serves the fake Turso Platform API on a loopback port, so that the provider can be
// tried (`make demo`) and measured without a Turso account or network.
//
//	fake-turso [-addr 127.0.0.1:0] [-token TOKEN] [-url-file PATH] [-databases N [-instances M] [-generated-org SLUG]] [-hostile] [-log]
//
// It serves the fixture organizations of package faketurso (reference, live, demo, empty, blocked,
// pro) and, with -databases, a generated organization of N databases; with -hostile, also the
// hostile organizations (faketurso.HostileOrganizations: gzip bombs, huge error bodies, token echoes,
// invalid UTF-8, duplicate keys, endless database lists). It prints its URL, writes it to -url-file when
// given, and exits cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "fake-turso:", err)
		os.Exit(1)
	}
}

type config struct {
	addr         string
	token        string
	urlFile      string
	databases    int
	instances    int
	generatedOrg string
	logRequests  bool
	hostile      bool
}

func parseFlags(args []string, output io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("fake-turso", flag.ContinueOnError)
	fs.SetOutput(output)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "loopback `address` to listen on; port 0 picks a free port")
	fs.StringVar(&c.token, "token", faketurso.Token, "the bearer `token` the fake accepts")
	fs.StringVar(&c.urlFile, "url-file", "", "write the server's URL to this `file` once it is listening")
	fs.IntVar(&c.databases, "databases", 0, "also serve a generated organization with this many databases")
	fs.IntVar(&c.instances, "instances", 2, "instances per database of the generated organization")
	fs.StringVar(&c.generatedOrg, "generated-org", "generated", "organization `slug` of the generated organization")
	fs.BoolVar(&c.logRequests, "log", false, "log every request, with its query string, to standard error")
	fs.BoolVar(&c.hostile, "hostile", false, "also serve the hostile organizations (gzip bombs, huge error bodies, token echoes, invalid UTF-8, duplicate keys)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return c, c.validate()
}

func (c config) validate() error {
	host, _, err := net.SplitHostPort(c.addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", c.addr, err)
	}
	// The provider accepts plain http only for loopback hosts, so any other address would be unusable.
	if !turso.IsLoopback(host) {
		return fmt.Errorf("-addr %q: listen on a loopback address such as 127.0.0.1:0", c.addr)
	}
	if c.token == "" {
		return errors.New("-token must not be empty")
	}
	if c.databases < 0 || c.instances < 0 {
		return errors.New("-databases and -instances must not be negative")
	}
	return nil
}

// run serves until ctx ends, then shuts the server down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	fake := faketurso.New()
	fake.SetTokens(cfg.token)
	if cfg.databases > 0 {
		fake.AddGeneratedOrganization(cfg.generatedOrg, cfg.databases, cfg.instances)
	}
	if cfg.hostile {
		faketurso.ServeHostile(fake)
	}
	var handler http.Handler = fake
	if cfg.logRequests {
		handler = logRequests(fake, stderr)
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	url := "http://" + ln.Addr().String()
	if cfg.urlFile != "" {
		if err := writeFileAtomic(cfg.urlFile, []byte(url+"\n")); err != nil {
			_ = srv.Close()
			return err
		}
	}
	fmt.Fprintf(stdout, "fake Turso API listening on %s\n", url)
	fmt.Fprintf(stdout, "organizations: %s (token %q)\n", strings.Join(fake.Organizations(), ", "), cfg.token)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fake.Close() // releases handlers that are deliberately hanging
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// writeFileAtomic lets a reader that polls for the file never see it half written.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fake-turso-url-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the connection for the fake's scripted faults.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func logRequests(next http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
		next.ServeHTTP(rec, req)
		target := req.URL.Path
		if req.URL.RawQuery != "" {
			target += "?" + req.URL.RawQuery
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "fake-turso: %s %s -> %d in %s (User-Agent: %s)\n",
			req.Method, target, rec.status, time.Since(start).Round(time.Microsecond), req.UserAgent())
	})
}
